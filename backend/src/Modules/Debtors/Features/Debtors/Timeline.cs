using Recovery.BuildingBlocks.Data;

namespace Recovery.Debtors.Features.Debtors;

/// <summary>Appends to a debtor's interaction timeline, in the caller's transaction.</summary>
internal static class Timeline
{
    public static Task AppendAsync(DbSession tx, Guid debtorId, Guid? invoiceId, string kind, string? text, ICurrentActor actor,
        DateTimeOffset at, string? channel = null, string? result = null) =>
        AppendAsync(tx, debtorId, invoiceId, kind, text, actor.Id, actor.Name, at, channel, result);

    /// <summary>For what another module reports someone did (an agent's call): that person, not the event's deliverer.</summary>
    public static Task AppendAsync(DbSession tx, Guid debtorId, Guid? invoiceId, string kind, string? text, Guid? actorId, string actorName,
        DateTimeOffset at, string? channel = null, string? result = null) =>
        tx.ExecuteAsync(
            """
            INSERT INTO debtors.interaction (id, debtor_id, invoice_id, kind, channel, result, text, actor_id, actor_name, occurred_at)
            VALUES (@Id, @DebtorId, @InvoiceId, @Kind, @Channel, @Result, @Text, @ActorId, @ActorName, @At)
            """,
            new
            {
                Id = Guid.CreateVersion7(), DebtorId = debtorId, InvoiceId = invoiceId, Kind = kind, Channel = channel, Result = result,
                Text = text, ActorId = actorId, ActorName = actorName, At = at,
            });
}
