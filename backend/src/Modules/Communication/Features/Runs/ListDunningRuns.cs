using Recovery.Communication.Data;

namespace Recovery.Communication.Features.Runs;

/// <summary>The last thirty runs, the latest first.</summary>
internal static class ListDunningRuns
{
    internal sealed record Query : IRequest<Response>;

    [SchemaName("DunningRunsListResponse")]
    internal sealed record Response(IReadOnlyList<RunView> Items);

    internal sealed class Handler(CommunicationDb db) : IRequestHandler<Query, Response>
    {
        public async Task<Response> Handle(Query query, CancellationToken ct)
        {
            await using var session = await db.OpenAsync(ct);
            return new Response((await session.QueryAsync<RunView>(db.Dialect.Limit(
                $"SELECT {RunView.Columns} FROM communication.run ORDER BY started_at DESC", "30"))).ToList());
        }
    }

    internal static void Map(RouteGroupBuilder group) =>
        group.MapGet("/runs", async (IMediator mediator, CancellationToken ct) => TypedResults.Ok(await mediator.Send(new Query(), ct)))
            .WithName(nameof(ListDunningRuns))
            .RequireAuthorization(Policies.Supervisor);
}
