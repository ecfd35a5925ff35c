using Recovery.Communication.Data;
using Recovery.Debtors.Contracts;

namespace Recovery.Communication.Features.AgentCalls;

/// <summary>
/// The outcomes an agent records a call of the portfolio with (the defaults until the portfolio saves its own); for a
/// debtor, those of the portfolio of their oldest open debt, the one a call without a portfolio is recorded under.
/// </summary>
internal static class GetCallOutcomes
{
    internal sealed record Query(Guid PortfolioId) : IRequest<Response>;

    internal sealed record DebtorQuery(Guid DebtorId) : IRequest<Response>;

    /// <param name="PortfolioId">Null for a debtor without an open debt (the defaults apply).</param>
    /// <param name="Custom">The portfolio saved its own list; false: the defaults.</param>
    [SchemaName("CallOutcomesResponse")]
    internal sealed record Response(Guid? PortfolioId, bool Custom, IReadOnlyList<CallOutcome> Items);

    /// <summary>The portfolio of the debtor's oldest open debt, as Communication knows the debts.</summary>
    public static Task<Guid?> PortfolioOfAsync(Recovery.BuildingBlocks.Data.DbSession session, Guid debtorId) =>
        session.QuerySingleOrDefaultAsync<Guid?>(session.Dialect.Limit(
            "SELECT portfolio_id FROM communication.debt WHERE debtor_id = @DebtorId AND status = 'open' ORDER BY due_date, invoice_id", "1"),
            new { DebtorId = debtorId });

    internal sealed class DebtorHandler(CommunicationDb db, IMediator mediator) : IRequestHandler<DebtorQuery, Response>
    {
        public async Task<Response> Handle(DebtorQuery query, CancellationToken ct)
        {
            _ = await mediator.Send(new GetDebtorContacts(query.DebtorId), ct) ?? throw new NotFoundException($"Debtor {query.DebtorId} does not exist.");
            await using var session = await db.OpenAsync(ct);
            var portfolioId = await PortfolioOfAsync(session, query.DebtorId);
            var (items, custom) = await CallOutcome.CatalogueAsync(session, portfolioId);
            return new Response(portfolioId, custom, items);
        }
    }

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

    internal static void MapDebtor(RouteGroupBuilder debtors) =>
        debtors.MapGet("/{debtorId:guid}/call-outcomes", async (Guid debtorId, IMediator mediator, CancellationToken ct) =>
                TypedResults.Ok(await mediator.Send(new DebtorQuery(debtorId), ct)))
            .WithName("GetDebtorCallOutcomes")
            .ScopedTo(ScopedKinds.Debtor, "debtorId")
            .RequireAuthorization(Policies.Agent)
            .ProducesProblem(404);
}
