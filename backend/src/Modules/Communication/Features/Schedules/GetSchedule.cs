using Recovery.Communication.Data;
using Recovery.Debtors.Contracts;

namespace Recovery.Communication.Features.Schedules;

internal static class GetSchedule
{
    internal sealed record Query(Guid PortfolioId) : IRequest<Schedule>;

    internal sealed class Handler(CommunicationDb db, IMediator mediator) : IRequestHandler<Query, Schedule>
    {
        public async Task<Schedule> Handle(Query query, CancellationToken ct)
        {
            _ = await mediator.Send(new GetPortfolio(query.PortfolioId), ct) ?? throw new NotFoundException($"Portfolio {query.PortfolioId} does not exist.");
            await using var session = await db.OpenAsync(ct);
            return await Schedule.CurrentAsync(session, query.PortfolioId);
        }
    }

    internal static void Map(RouteGroupBuilder portfolios) =>
        portfolios.MapGet("/{portfolioId:guid}/schedule", async (Guid portfolioId, IMediator mediator, CancellationToken ct) =>
                TypedResults.Ok(await mediator.Send(new Query(portfolioId), ct)))
            .WithName(nameof(GetSchedule))
            .RequireAuthorization(Policies.Agent)
            .ProducesProblem(404);
}
