using Recovery.BuildingBlocks.Messaging;
using Recovery.Communication.Contracts;
using Recovery.Debtors.Data;
using Recovery.Debtors.Features.Debtors;

namespace Recovery.Debtors.Features.Contracts;

/// <summary>Every attempt to reach the debtor, whatever its outcome, lands in the debtor's timeline.</summary>
internal sealed class OnMessageAttempted(DebtorsDb db, ICurrentActor actor) : IEventSubscriber<MessageAttempted>
{
    public async Task HandleAsync(MessageAttempted e, EventEnvelope envelope, CancellationToken ct)
    {
        await using var tx = await db.BeginAsync(ct);
        await Timeline.AppendAsync(tx, e.DebtorId, e.InvoiceId, "contact", e.Detail, actor, envelope.OccurredAt, channel: e.Channel, result: e.Outcome.Code(),
            subject: ("message", e.MessageId), actorName: e.Agent);
    }
}
