using Recovery.Communication.Data;
using Recovery.Communication.Features.Scope;

namespace Recovery.Communication.Features.Letters;

/// <summary>The letters waiting to be printed and posted (or, with <c>printed</c>, those already posted), oldest first.</summary>
internal static class ListLetters
{
    internal sealed record Query(bool Printed) : IRequest<IReadOnlyList<LetterView>>;

    [SchemaName("QueuesLettersResponse")]
    internal sealed record Response(IReadOnlyList<LetterView> Items);

    internal sealed class Handler(CommunicationDb db, ICurrentActor actor, IScopeGate gate) : IRequestHandler<Query, IReadOnlyList<LetterView>>
    {
        public async Task<IReadOnlyList<LetterView>> Handle(Query query, CancellationToken ct)
        {
            await using var session = await db.OpenAsync(ct);
            return await (await session.QueryAsync<LetterView>(db.Dialect.Limit(
                $"SELECT message_id, debtor_id, addressee, address, queued_at, printed_at, printed_by FROM communication.letter WHERE printed_at IS {(query.Printed ? "NOT " : "")}NULL ORDER BY queued_at",
                "500"))).ToList().VisibleAsync(l => l.DebtorId, actor, gate, ct);
        }
    }

    internal static void Map(RouteGroupBuilder communication) =>
        communication.MapGet("/letters", async (bool? printed, IMediator mediator, CancellationToken ct) =>
                TypedResults.Ok(new Response(await mediator.Send(new Query(printed ?? false), ct))))
            .WithName(nameof(ListLetters))
            .RequireAuthorization(Policies.Agent);
}
