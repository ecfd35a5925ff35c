using Recovery.BuildingBlocks.Data;
using Recovery.BuildingBlocks.Messaging;
using Recovery.Debtors.Contracts;
using Recovery.Escalation.Data;
using Recovery.Escalation.Features.Agencies;
using Recovery.Negotiation.Contracts;

namespace Recovery.Escalation.Features.Copies;

/// <summary>
/// Escalation's copies and what is recovered on placed debts, from the owners' events: the debts (Debtors), which debts
/// an agreement settles (Negotiation), payments on a debt and installments paid under an agreement. A payment a partner
/// pushed on a debt in an agreement is counted once, as the debt's payment (its installment arrives with source
/// <c>partner</c> and is skipped).
/// </summary>
internal sealed class OnDebtEvents(EscalationDb db) :
    IEventSubscriber<DebtStateChanged>, IEventSubscriber<AgreementCreated>, IEventSubscriber<PaymentReceived>,
    IEventSubscriber<InstallmentPaid>, IEventSubscriber<PaymentReversed>
{
    public async Task HandleAsync(DebtStateChanged e, EventEnvelope envelope, CancellationToken ct)
    {
        await using var tx = await db.BeginAsync(ct);
        var updated = await tx.ExecuteAsync(
            """
            UPDATE escalation.debt SET status = @Status, outstanding_cents = @OutstandingCents, due_date = @DueDate, version = @Version
             WHERE invoice_id = @InvoiceId AND version < @Version
            """, new { e.InvoiceId, Status = e.Status.Code(), e.OutstandingCents, e.DueDate, e.Version });
        if (updated == 0)
            await tx.ExecuteAsync(db.Dialect.InsertIgnore("escalation.debt",
                    "invoice_id, debtor_id, partner_id, portfolio_id, external_id, status, outstanding_cents, due_date, version",
                    "@InvoiceId, @DebtorId, @PartnerId, @PortfolioId, @ExternalId, @Status, @OutstandingCents, @DueDate, @Version", "invoice_id"),
                new { e.InvoiceId, e.DebtorId, e.PartnerId, e.PortfolioId, e.ExternalId, Status = e.Status.Code(), e.OutstandingCents, e.DueDate, e.Version });
    }

    public async Task HandleAsync(AgreementCreated e, EventEnvelope envelope, CancellationToken ct)
    {
        await using var tx = await db.BeginAsync(ct);
        foreach (var invoice in e.InvoiceIds.Distinct())
            await tx.ExecuteAsync(db.Dialect.InsertIgnore("escalation.agreement_debt", "agreement_id, invoice_id", "@AgreementId, @InvoiceId",
                "agreement_id, invoice_id"), new { e.AgreementId, InvoiceId = invoice });
    }

    public async Task HandleAsync(PaymentReceived e, EventEnvelope envelope, CancellationToken ct)
    {
        await using var tx = await db.BeginAsync(ct);
        await RecordAsync(tx, $"payment:{e.InvoiceId}:{e.PaymentId}", [e.InvoiceId], e.AmountCents, e.PaidAt, envelope.OccurredAt);
    }

    public async Task HandleAsync(InstallmentPaid e, EventEnvelope envelope, CancellationToken ct)
    {
        if (e.Source == "partner") return;   // counted as the debt's own payment
        await using var tx = await db.BeginAsync(ct);
        var invoices = (await tx.QueryAsync<Guid>("SELECT invoice_id FROM escalation.agreement_debt WHERE agreement_id = @AgreementId", e)).ToList();
        await RecordAsync(tx, $"installment:{e.AgreementId}:{e.Number}:{e.PaidAt:yyyy-MM-dd}:{e.AmountCents}", invoices, e.AmountCents, e.PaidAt, envelope.OccurredAt);
    }

    /// <summary>A reversed payment takes back what it recovered and its commission, in the month of the reversal.</summary>
    public async Task HandleAsync(PaymentReversed e, EventEnvelope envelope, CancellationToken ct)
    {
        await using var tx = await db.BeginAsync(ct);
        var original = await tx.QuerySingleOrDefaultAsync<RecoveryRow>(
            "SELECT placement_id, agency_id, partner_id, invoice_id, amount_cents, rate_bp, commission_cents FROM escalation.recovery WHERE recovery_key = @Key",
            new { Key = $"payment:{e.InvoiceId}:{e.PaymentId}" });
        if (original is null) return;   // not recovered during a placement
        await tx.ExecuteAsync(db.Dialect.InsertIgnore("escalation.recovery",
                "id, recovery_key, placement_id, agency_id, partner_id, invoice_id, amount_cents, rate_bp, commission_cents, paid_on, created_at",
                "@Id, @Key, @PlacementId, @AgencyId, @PartnerId, @InvoiceId, @Amount, @RateBp, @Commission, @PaidOn, @Now", "recovery_key"),
            new
            {
                Id = Guid.CreateVersion7(), Key = $"reversal:{e.InvoiceId}:{e.PaymentId}", original.PlacementId, original.AgencyId, original.PartnerId,
                original.InvoiceId, Amount = -original.AmountCents, original.RateBp, Commission = -original.CommissionCents, PaidOn = e.ReversedOn,
                Now = envelope.OccurredAt,
            });
    }

    /// <summary>
    /// Counts an amount paid on these debts for the placement that held one of them on the day it was paid, at that
    /// placed debt's rate (the lowest, when an agreement settles several placed debts at different rates).
    /// </summary>
    private async Task RecordAsync(Recovery.BuildingBlocks.Data.DbSession tx, string key, IReadOnlyList<Guid> invoices, long amountCents, DateOnly paidOn,
        DateTimeOffset now)
    {
        if (invoices.Count == 0 || amountCents <= 0) return;
        var placed = (await tx.QueryAsync<PlacedRow>(
            $"""
            SELECT pd.placement_id, p.agency_id, pd.partner_id, pd.invoice_id, pd.rate_bp
              FROM escalation.placed_debt pd JOIN escalation.placement p ON p.id = pd.placement_id
             WHERE pd.invoice_id IN ({db.Dialect.JsonIds("@Ids")})
               AND p.placed_on <= @PaidOn AND (p.ended_at IS NULL OR p.ended_at > @Now) AND p.ends_at > @Now
             ORDER BY pd.rate_bp, pd.invoice_id
            """, new { Ids = db.Dialect.JsonArray(invoices), PaidOn = paidOn, Now = now })).FirstOrDefault();
        if (placed is null) return;
        await tx.ExecuteAsync(db.Dialect.InsertIgnore("escalation.recovery",
                "id, recovery_key, placement_id, agency_id, partner_id, invoice_id, amount_cents, rate_bp, commission_cents, paid_on, created_at",
                "@Id, @Key, @PlacementId, @AgencyId, @PartnerId, @InvoiceId, @Amount, @RateBp, @Commission, @PaidOn, @Now", "recovery_key"),
            new
            {
                Id = Guid.CreateVersion7(), Key = key, placed.PlacementId, placed.AgencyId, placed.PartnerId, placed.InvoiceId, Amount = amountCents,
                placed.RateBp, Commission = Commission.Of(amountCents, placed.RateBp), PaidOn = paidOn, Now = now,
            });
    }

    private sealed class PlacedRow
    {
        public Guid PlacementId { get; init; }
        public Guid AgencyId { get; init; }
        public Guid PartnerId { get; init; }
        public Guid InvoiceId { get; init; }
        public int RateBp { get; init; }
    }

    private sealed class RecoveryRow
    {
        public Guid PlacementId { get; init; }
        public Guid AgencyId { get; init; }
        public Guid PartnerId { get; init; }
        public Guid? InvoiceId { get; init; }
        public long AmountCents { get; init; }
        public int RateBp { get; init; }
        public long CommissionCents { get; init; }
    }
}
