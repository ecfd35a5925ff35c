using Recovery.BuildingBlocks.Data;
using Recovery.BuildingBlocks.Messaging;
using Recovery.Communication.Data;
using Recovery.Communication.Features.Messages;
using Recovery.Debtors.Contracts;
using Recovery.Negotiation.Contracts;

namespace Recovery.Communication.Features.Debts;

/// <summary>
/// Communication's own view of the debts, kept from Debtors' and Negotiation's events; and "stop on payment": a payment
/// in full, an agreement, a cancellation, prescription or a hold cancels the queued messages for that debt (or debtor)
/// as soon as the event arrives.
/// </summary>
internal sealed class OnDebtEvents(CommunicationDb db)
    : IEventSubscriber<InvoiceReceived>, IEventSubscriber<PaymentReceived>, IEventSubscriber<InvoiceCancelled>,
      IEventSubscriber<InvoicePrescribed>, IEventSubscriber<HoldPlaced>, IEventSubscriber<HoldLifted>,
      IEventSubscriber<AgreementCreated>, IEventSubscriber<AgreementActivated>, IEventSubscriber<AgreementCompleted>,
      IEventSubscriber<AgreementBroken>, IEventSubscriber<AgreementCancelled>
{
    public async Task HandleAsync(InvoiceReceived e, EventEnvelope envelope, CancellationToken ct)
    {
        await using var tx = await db.BeginAsync(ct);
        var args = new
        {
            e.InvoiceId, e.DebtorId, e.PartnerId, e.PortfolioId, e.ExternalId, e.Status, e.AmountCents, e.OutstandingCents, e.DueDate,
            e.Consumer, Now = envelope.OccurredAt,
        };
        var updated = await tx.ExecuteAsync(
            """
            UPDATE communication.debt SET portfolio_id = @PortfolioId, status = @Status, amount_cents = @AmountCents,
                   outstanding_cents = @OutstandingCents, due_date = @DueDate, consumer = @Consumer, updated_at = @Now
             WHERE invoice_id = @InvoiceId
            """, args);
        if (updated == 0)
            await tx.ExecuteAsync(
                tx.Dialect.InsertIgnore("communication.debt",
                    "invoice_id, debtor_id, partner_id, portfolio_id, external_id, status, amount_cents, outstanding_cents, due_date, consumer, updated_at",
                    "@InvoiceId, @DebtorId, @PartnerId, @PortfolioId, @ExternalId, @Status, @AmountCents, @OutstandingCents, @DueDate, @Consumer, @Now",
                    "invoice_id"), args);
    }

    public async Task HandleAsync(PaymentReceived e, EventEnvelope envelope, CancellationToken ct)
    {
        await using var tx = await db.BeginAsync(ct);
        await tx.ExecuteAsync(
            """
            UPDATE communication.debt SET outstanding_cents = @OutstandingCents,
                   status = CASE WHEN @Settled = 1 AND status = 'open' THEN 'paid' ELSE status END, updated_at = @Now
             WHERE invoice_id = @InvoiceId
            """, new { e.InvoiceId, e.OutstandingCents, Settled = e.Settled ? 1 : 0, Now = envelope.OccurredAt });
        if (e.Settled) await MessageLog.CancelQueuedAsync(tx, e.InvoiceId, null, "débito pago", envelope.OccurredAt);
    }

    public Task HandleAsync(InvoiceCancelled e, EventEnvelope envelope, CancellationToken ct) =>
        SetStatusAsync([e.InvoiceId], "cancelled", null, "débito cancelado pelo credor", envelope, ct);

    public Task HandleAsync(InvoicePrescribed e, EventEnvelope envelope, CancellationToken ct) =>
        SetStatusAsync([e.InvoiceId], "prescribed", null, "débito prescrito (CC art. 206 §5 I)", envelope, ct);

    public async Task HandleAsync(HoldPlaced e, EventEnvelope envelope, CancellationToken ct)
    {
        await using var tx = await db.BeginAsync(ct);
        await tx.ExecuteAsync(
            tx.Dialect.InsertIgnore("communication.hold", "hold_id, debtor_id, invoice_id, kind", "@HoldId, @DebtorId, @InvoiceId, @Kind", "hold_id"),
            new { e.HoldId, e.DebtorId, e.InvoiceId, e.Kind });
        await MessageLog.CancelQueuedAsync(tx, e.InvoiceId, e.DebtorId, $"suspensão da cobrança ({e.Kind})", envelope.OccurredAt);
    }

    public async Task HandleAsync(HoldLifted e, EventEnvelope envelope, CancellationToken ct)
    {
        await using var tx = await db.BeginAsync(ct);
        await tx.ExecuteAsync("DELETE FROM communication.hold WHERE hold_id = @HoldId", new { e.HoldId });
    }

    public Task HandleAsync(AgreementCreated e, EventEnvelope envelope, CancellationToken ct) =>
        SetStatusAsync(e.InvoiceIds, "in_agreement", "open", "acordo feito", envelope, ct);

    public Task HandleAsync(AgreementActivated e, EventEnvelope envelope, CancellationToken ct) =>
        SetStatusAsync(e.InvoiceIds, "in_agreement", "open", "acordo em vigor", envelope, ct);

    public Task HandleAsync(AgreementCompleted e, EventEnvelope envelope, CancellationToken ct) =>
        SetStatusAsync(e.InvoiceIds, "paid", "in_agreement", "acordo quitado", envelope, ct);

    public Task HandleAsync(AgreementBroken e, EventEnvelope envelope, CancellationToken ct) =>
        SetStatusAsync(e.InvoiceIds, "open", "in_agreement", null, envelope, ct);

    public Task HandleAsync(AgreementCancelled e, EventEnvelope envelope, CancellationToken ct) =>
        SetStatusAsync(e.InvoiceIds, "open", "in_agreement", null, envelope, ct);

    /// <summary>Moves the debts to <paramref name="status"/> (from <paramref name="from"/> only, when given) and cancels their queued messages.</summary>
    private async Task SetStatusAsync(IReadOnlyCollection<Guid> invoiceIds, string status, string? from, string? cancelReason, EventEnvelope envelope,
        CancellationToken ct)
    {
        await using var tx = await db.BeginAsync(ct);
        await tx.ExecuteAsync(
            $"""
            UPDATE communication.debt SET status = @Status, updated_at = @Now
             WHERE invoice_id IN ({tx.Dialect.JsonIds("@Ids")}) {(from is null ? "" : "AND status = @From")}
            """, new { Status = status, From = from, Now = envelope.OccurredAt, Ids = tx.Dialect.JsonArray(invoiceIds) });
        if (cancelReason is null) return;
        foreach (var invoiceId in invoiceIds) await MessageLog.CancelQueuedAsync(tx, invoiceId, null, cancelReason, envelope.OccurredAt);
    }
}
