using Recovery.Communication.Data;
using Recovery.Debtors.Contracts;

namespace Recovery.Communication.Features.AgentCalls;

/// <summary>The outcomes an agent records a call of the portfolio with (the defaults until the portfolio saves its own).</summary>
internal static class GetCallOutcomes
{
    internal sealed record Query(Guid PortfolioId) : IRequest<Response>;

    /// <param name="Custom">The portfolio saved its own list; false: the defaults.</param>
    [SchemaName("CallOutcomesResponse")]
    internal sealed record Response(Guid PortfolioId, bool Custom, IReadOnlyList<CallOutcome> Items);

    internal sealed class Handler(CommunicationDb db, IMediator mediator) : IRequestHandler<Query, Response>
    {
        public async Task<Response> Handle(Query query, CancellationToken ct)
        {
            _ = await mediator.Send(new GetPortfolio(query.PortfolioId), ct) ?? throw new NotFoundException($"Portfolio {query.PortfolioId} does not exist.");
            await using var session = await db.OpenAsync(ct);
            var (items, custom) = await CallOutcome.CatalogueAsync(session, query.PortfolioId);
            return new Response(query.PortfolioId, custom, items);
        }
    }

    internal static void Map(RouteGroupBuilder portfolios) =>
        portfolios.MapGet("/{portfolioId:guid}/call-outcomes", async (Guid portfolioId, IMediator mediator, CancellationToken ct) =>
                TypedResults.Ok(await mediator.Send(new Query(portfolioId), ct)))
            .WithName(nameof(GetCallOutcomes))
            .RequireAuthorization(Policies.Agent)
            .ProducesProblem(404);
}
