using Recovery.BuildingBlocks.Data;

namespace Recovery.Debtors.Features.Debtors;

/// <summary>
/// Appends to a debtor's interaction timeline, in the caller's transaction. <paramref name="subject"/> names what the
/// entry is about (an agreement, a message, a promise) for the 360 to link to; <paramref name="amountCents"/> the money
/// it is about; <paramref name="actorName"/> replaces the caller's name when an event names who acted (an agent's
/// promise or agreement reaching Debtors through the outbox, where the caller is the system).
/// </summary>
internal static class Timeline
{
    public static Task AppendAsync(DbSession tx, Guid debtorId, Guid? invoiceId, string kind, string? text, ICurrentActor actor,
        DateTimeOffset at, string? channel = null, string? result = null, (string Kind, Guid Id)? subject = null, long? amountCents = null,
        string? actorName = null) =>
        AppendAsync(tx, debtorId, invoiceId, kind, text, actorName is null ? actor.Id : null, actorName ?? actor.Name, at, channel, result, subject, amountCents);

    /// <summary>For what another module reports someone did (an agent's call): that person, not the event's deliverer.</summary>
    public static Task AppendAsync(DbSession tx, Guid debtorId, Guid? invoiceId, string kind, string? text, Guid? actorId, string actorName,
        DateTimeOffset at, string? channel = null, string? result = null, (string Kind, Guid Id)? subject = null, long? amountCents = null) =>
        tx.ExecuteAsync(
            """
            INSERT INTO debtors.interaction (id, debtor_id, invoice_id, kind, channel, result, text, actor_id, actor_name, occurred_at,
                                             subject_kind, subject_id, amount_cents)
            VALUES (@Id, @DebtorId, @InvoiceId, @Kind, @Channel, @Result, @Text, @ActorId, @ActorName, @At, @SubjectKind, @SubjectId, @AmountCents)
            """,
            new
            {
                Id = Guid.CreateVersion7(), DebtorId = debtorId, InvoiceId = invoiceId, Kind = kind, Channel = channel, Result = result,
                Text = text, ActorId = actorId, ActorName = actorName, At = at,
                SubjectKind = subject?.Kind, SubjectId = subject?.Id, AmountCents = amountCents,
            });
}
