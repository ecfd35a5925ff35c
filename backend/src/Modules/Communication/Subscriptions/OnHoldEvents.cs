using Recovery.BuildingBlocks.Data;
using Recovery.BuildingBlocks.Messaging;
using Recovery.Communication.Data;
using Recovery.Communication.Features.Messages;
using Recovery.Debtors.Contracts;

namespace Recovery.Communication.Subscriptions;

/// <summary>
/// Holds in force, copied from Debtors: a hold cancels the queued messages of the debt (or the whole debtor) at once, and
/// the reminders of an agreement the debt is in.
/// </summary>
internal sealed class OnHoldEvents(CommunicationDb db) : IEventSubscriber<HoldPlaced>, IEventSubscriber<HoldLifted>
{
    public async Task HandleAsync(HoldPlaced e, EventEnvelope envelope, CancellationToken ct)
    {
        await using var tx = await db.BeginAsync(ct);
        await tx.ExecuteAsync(
            tx.Dialect.InsertIgnore("communication.hold", "hold_id, debtor_id, invoice_id, kind", "@HoldId, @DebtorId, @InvoiceId, @Kind", "hold_id"),
            new { e.HoldId, e.DebtorId, e.InvoiceId, e.Kind });
        await MessageLog.CancelQueuedAsync(tx, e.InvoiceId, e.DebtorId, $"suspensão da cobrança ({e.Kind})", envelope.OccurredAt);
        if (e.InvoiceId is null) return;   // a hold on the debtor cancelled the reminders of the debtor's agreements above
        // A hold on a debt in an agreement stops that agreement's reminders too.
        foreach (var agreementId in await tx.QueryAsync<Guid>("SELECT agreement_id FROM communication.agreement_debt WHERE invoice_id = @InvoiceId", new { e.InvoiceId }))
            await MessageLog.CancelRemindersAsync(tx, agreementId, null, $"suspensão da cobrança ({e.Kind})", envelope.OccurredAt);
    }

    public async Task HandleAsync(HoldLifted e, EventEnvelope envelope, CancellationToken ct)
    {
        await using var tx = await db.BeginAsync(ct);
        await tx.ExecuteAsync("DELETE FROM communication.hold WHERE hold_id = @HoldId", new { e.HoldId });
    }
}
