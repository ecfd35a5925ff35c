using Recovery.BuildingBlocks;
using Recovery.BuildingBlocks.Messaging;
using Recovery.Debtors.Data;
using Recovery.Debtors.Features.Debtors;
using Recovery.Negotiation.Contracts;

namespace Recovery.Debtors.Features.Contracts;

/// <summary>A promise to pay and, once it came due, its outcome land in the debtor's history, in the agent's name.</summary>
internal sealed class OnPromiseEvents(DebtorsDb db, ICurrentActor actor) : IEventSubscriber<PromiseMade>, IEventSubscriber<PromiseChecked>
{
    public async Task HandleAsync(PromiseMade e, EventEnvelope envelope, CancellationToken ct)
    {
        await using var tx = await db.BeginAsync(ct);
        await Timeline.AppendAsync(tx, e.DebtorId, null, "promise", $"Promessa de pagar {Money.Format(e.PromisedCents)} até {e.DueDate:dd/MM/yyyy}",
            actor, envelope.OccurredAt, result: "made", subject: ("promise", e.PromiseId), amountCents: e.PromisedCents, actorName: e.CreatedBy);
    }

    public async Task HandleAsync(PromiseChecked e, EventEnvelope envelope, CancellationToken ct)
    {
        var promised = $"Promessa de {Money.Format(e.PromisedCents)} para {e.DueDate:dd/MM/yyyy}";
        var text = e.Outcome switch
        {
            PromiseOutcome.Kept => $"{promised} cumprida",
            PromiseOutcome.Partial => $"{promised} paga em parte: {Money.Format(e.PaidCents)}",
            _ => $"{promised} não cumprida",
        };
        await using var tx = await db.BeginAsync(ct);
        await Timeline.AppendAsync(tx, e.DebtorId, null, "promise", text, actor, envelope.OccurredAt, result: e.Outcome.Code(),
            subject: ("promise", e.PromiseId), amountCents: e.PaidCents);
    }
}
