using Recovery.Communication.Data;
using Recovery.Communication.Features.Scope;

namespace Recovery.Communication.Features.Calls;

/// <summary>The calls still to make, oldest first.</summary>
internal static class ListCalls
{
    internal sealed record Query : IRequest<IReadOnlyList<CallView>>;

    [SchemaName("QueuesCallsResponse")]
    internal sealed record Response(IReadOnlyList<CallView> Items);

    internal sealed class Handler(CommunicationDb db, ICurrentActor actor, IScopeGate gate) : IRequestHandler<Query, IReadOnlyList<CallView>>
    {
        public async Task<IReadOnlyList<CallView>> Handle(Query query, CancellationToken ct)
        {
            await using var session = await db.OpenAsync(ct);
            return await (await session.QueryAsync<CallView>(db.Dialect.Limit(
                "SELECT message_id, debtor_id, invoice_id, phone, script, created_at, done_at, done_by, outcome FROM communication.call_task WHERE done_at IS NULL ORDER BY created_at",
                "500"))).ToList().VisibleAsync(c => c.DebtorId, actor, gate, ct);
        }
    }

    internal static void Map(RouteGroupBuilder communication) =>
        communication.MapGet("/calls", async (IMediator mediator, CancellationToken ct) => TypedResults.Ok(new Response(await mediator.Send(new Query(), ct))))
            .WithName(nameof(ListCalls))
            .RequireAuthorization(Policies.Agent);
}
