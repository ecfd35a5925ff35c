using Recovery.Communication.Data;

namespace Recovery.Communication.Features.Runs;

internal static class GetDunningRun
{
    internal sealed record Query(Guid Id) : IRequest<RunView>;

    internal sealed class Handler(CommunicationDb db) : IRequestHandler<Query, RunView>
    {
        public async Task<RunView> Handle(Query query, CancellationToken ct)
        {
            await using var session = await db.OpenAsync(ct);
            return await RunView.FindAsync(session, query.Id) ?? throw new NotFoundException($"Run {query.Id} does not exist.");
        }
    }

    internal static void Map(RouteGroupBuilder group) =>
        group.MapGet("/runs/{id:guid}", async (Guid id, IMediator mediator, CancellationToken ct) => TypedResults.Ok(await mediator.Send(new Query(id), ct)))
            .WithName(nameof(GetDunningRun))
            .RequireAuthorization(Policies.Supervisor)
            .ProducesProblem(404);
}
