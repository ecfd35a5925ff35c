using Recovery.BuildingBlocks;
using Recovery.BuildingBlocks.Data;
using Recovery.BuildingBlocks.Messaging;
using Recovery.Debtors.Contracts;
using Recovery.Negotiation.Contracts;
using Recovery.Reporting.Data;

namespace Recovery.Reporting.Features.Debts;

/// <summary>
/// <c>reporting.debt</c> from Debtors' and Negotiation's events, through the inbox (each event applied once). Statuses
/// follow Debtors': open, in_agreement, paid, cancelled, prescribed.
/// </summary>
internal sealed class OnDebtEvents(ReportingDb db)
    : IEventSubscriber<InvoiceReceived>, IEventSubscriber<PaymentReceived>, IEventSubscriber<InvoiceCancelled>, IEventSubscriber<InvoicePrescribed>,
      IEventSubscriber<AgreementActivated>, IEventSubscriber<AgreementCompleted>, IEventSubscriber<AgreementBroken>, IEventSubscriber<AgreementCancelled>
{
    public async Task HandleAsync(InvoiceReceived e, EventEnvelope envelope, CancellationToken ct)
    {
        await using var tx = await db.BeginAsync(ct);
        var args = new
        {
            e.InvoiceId, e.PartnerId, e.PortfolioId, e.PortfolioCode, e.DebtorId, e.ExternalId, e.Status, e.AmountCents, e.OutstandingCents, e.DueDate,
            PlacedOn = BusinessDate.Of(envelope.OccurredAt), Now = envelope.OccurredAt,
        };
        var updated = await tx.ExecuteAsync(
            """
            UPDATE reporting.debt SET portfolio_id = @PortfolioId, portfolio_code = COALESCE(@PortfolioCode, portfolio_code), status = @Status,
                   amount_cents = @AmountCents, outstanding_cents = @OutstandingCents, due_date = @DueDate, updated_at = @Now
             WHERE invoice_id = @InvoiceId
            """, args);
        if (updated == 0)
            await tx.ExecuteAsync(tx.Dialect.InsertIgnore("reporting.debt",
                "invoice_id, partner_id, portfolio_id, portfolio_code, debtor_id, external_id, status, amount_cents, outstanding_cents, paid_cents, due_date, placed_on, updated_at",
                "@InvoiceId, @PartnerId, @PortfolioId, @PortfolioCode, @DebtorId, @ExternalId, @Status, @AmountCents, @OutstandingCents, 0, @DueDate, @PlacedOn, @Now",
                "invoice_id"), args);
    }

    public async Task HandleAsync(PaymentReceived e, EventEnvelope envelope, CancellationToken ct)
    {
        await using var tx = await db.BeginAsync(ct);
        await tx.ExecuteAsync(
            """
            UPDATE reporting.debt SET outstanding_cents = @OutstandingCents, paid_cents = paid_cents + @AmountCents,
                   status = CASE WHEN @Settled = 1 AND status = 'open' THEN 'paid' ELSE status END, updated_at = @Now
             WHERE invoice_id = @InvoiceId
            """, new { e.InvoiceId, e.OutstandingCents, e.AmountCents, Settled = e.Settled ? 1 : 0, Now = envelope.OccurredAt });
    }

    public Task HandleAsync(InvoiceCancelled e, EventEnvelope envelope, CancellationToken ct) => SetAsync([e.InvoiceId], "cancelled", null, envelope, ct);

    public Task HandleAsync(InvoicePrescribed e, EventEnvelope envelope, CancellationToken ct) => SetAsync([e.InvoiceId], "prescribed", "open", envelope, ct);

    public Task HandleAsync(AgreementActivated e, EventEnvelope envelope, CancellationToken ct) => SetAsync(e.InvoiceIds, "in_agreement", "open", envelope, ct);

    public Task HandleAsync(AgreementCompleted e, EventEnvelope envelope, CancellationToken ct) => SetAsync(e.InvoiceIds, "paid", "in_agreement", envelope, ct);

    public Task HandleAsync(AgreementBroken e, EventEnvelope envelope, CancellationToken ct) => SetAsync(e.InvoiceIds, "open", "in_agreement", envelope, ct);

    public Task HandleAsync(AgreementCancelled e, EventEnvelope envelope, CancellationToken ct) => SetAsync(e.InvoiceIds, "open", "in_agreement", envelope, ct);

    private async Task SetAsync(IReadOnlyCollection<Guid> invoiceIds, string status, string? from, EventEnvelope envelope, CancellationToken ct)
    {
        await using var tx = await db.BeginAsync(ct);
        await tx.ExecuteAsync(
            $"UPDATE reporting.debt SET status = @Status, updated_at = @Now WHERE invoice_id IN ({tx.Dialect.JsonIds("@Ids")}) {(from is null ? "" : "AND status = @From")}",
            new { Status = status, From = from, Now = envelope.OccurredAt, Ids = tx.Dialect.JsonArray(invoiceIds) });
    }
}
