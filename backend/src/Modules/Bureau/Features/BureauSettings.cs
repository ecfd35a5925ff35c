using Microsoft.Extensions.Options;
using Recovery.BuildingBlocks;
using Recovery.Bureau.Client;
using Recovery.Bureau.Data;
using Recovery.Debtors.Contracts;

namespace Recovery.Bureau.Features;

/// <summary>
/// A portfolio's terms for bureau lookups, in the portfolio's administration: the monthly budget (null: the configured
/// default), lookups at placement for new debtors, monitoring of its debtors; with what the month has spent so far.
/// </summary>
internal static class BureauSettings
{
    [SchemaName("BureauSettings")]
    internal sealed record Settings(Guid PortfolioId, decimal MonthlyBudget, bool BudgetIsDefault, bool AutoLookup, bool Monitoring,
        decimal SpentThisMonth, decimal LookupPrice);

    internal sealed record Query(Guid PortfolioId) : IRequest<Settings>;

    internal sealed record Command(Guid PortfolioId, decimal? MonthlyBudget, bool? AutoLookup, bool? Monitoring) : ICommand<Settings>;

    [SchemaName("BureauSettingsBody")]
    internal sealed record Body(decimal? MonthlyBudget, bool? AutoLookup, bool? Monitoring);

    internal sealed class Validator : AbstractValidator<Command>
    {
        public Validator() =>
            RuleFor(c => c.MonthlyBudget).MustBeAmount().When(c => c.MonthlyBudget is not null);
    }

    internal sealed class QueryHandler(BureauDb db, Lookups lookups, IMediator mediator, IOptions<BureauOptions> options, TimeProvider clock)
        : IRequestHandler<Query, Settings>
    {
        public async Task<Settings> Handle(Query query, CancellationToken ct)
        {
            _ = await mediator.Send(new GetPortfolio(query.PortfolioId), ct) ?? throw new NotFoundException($"Portfolio {query.PortfolioId} does not exist.");
            await using var session = await db.OpenAsync(ct);
            return await ReadAsync(session, lookups, options.Value, query.PortfolioId, clock.GetUtcNow());
        }
    }

    internal static async Task<Settings> ReadAsync(BuildingBlocks.Data.DbSession session, Lookups lookups, BureauOptions options, Guid portfolioId, DateTimeOffset now)
    {
        var row = await session.QuerySingleOrDefaultAsync<Row>(
            "SELECT monthly_budget_cents, auto_lookup, monitoring FROM bureau.settings WHERE portfolio_id = @PortfolioId", new { PortfolioId = portfolioId });
        var budget = await lookups.BudgetAsync(session, portfolioId, now);
        return new Settings(portfolioId, Money.ToReais(budget.LimitCents), row?.MonthlyBudgetCents is null, row?.AutoLookup ?? false, row?.Monitoring ?? false,
            Money.ToReais(budget.SpentCents), options.Price);
    }

    internal sealed class Handler(BureauDb db, Lookups lookups, IMediator mediator, ICurrentActor actor, AuditContext audit, IOptions<BureauOptions> options,
        TimeProvider clock) : IRequestHandler<Command, Settings>
    {
        public async Task<Settings> Handle(Command command, CancellationToken ct)
        {
            var portfolio = await mediator.Send(new GetPortfolio(command.PortfolioId), ct)
                            ?? throw new NotFoundException($"Portfolio {command.PortfolioId} does not exist.");
            var now = clock.GetUtcNow();
            await using var tx = await db.BeginAsync(ct);
            var before = await ReadAsync(tx, lookups, options.Value, command.PortfolioId, now);
            var args = new
            {
                command.PortfolioId, portfolio.PartnerId, Budget = command.MonthlyBudget is { } b ? Money.ToCents(b) : (long?)null,
                Auto = command.AutoLookup ?? false, Monitoring = command.Monitoring ?? false, By = actor.Name, Now = now,
            };
            if (await tx.ExecuteAsync(
                    "UPDATE bureau.settings SET monthly_budget_cents = @Budget, auto_lookup = @Auto, monitoring = @Monitoring, updated_by = @By, updated_at = @Now WHERE portfolio_id = @PortfolioId",
                    args) == 0)
                await tx.ExecuteAsync(
                    """
                    INSERT INTO bureau.settings (portfolio_id, partner_id, monthly_budget_cents, auto_lookup, monitoring, updated_by, updated_at)
                    VALUES (@PortfolioId, @PartnerId, @Budget, @Auto, @Monitoring, @By, @Now)
                    """, args);
            var after = await ReadAsync(tx, lookups, options.Value, command.PortfolioId, now);
            await tx.CommitAsync(ct);
            audit.Describe("portfolio", command.PortfolioId, before, after);
            return after;
        }
    }

    private sealed class Row
    {
        public long? MonthlyBudgetCents { get; init; }
        public bool AutoLookup { get; init; }
        public bool Monitoring { get; init; }
    }

    internal static void Map(RouteGroupBuilder portfolios)
    {
        portfolios.MapGet("/{portfolioId:guid}/bureau-settings", (Guid portfolioId, IMediator mediator, CancellationToken ct) =>
                mediator.Send(new Query(portfolioId), ct))
            .WithName("GetBureauSettings")
            .RequireAuthorization(Policies.Supervisor)
            .ProducesProblem(404);
        portfolios.MapPut("/{portfolioId:guid}/bureau-settings", async (Guid portfolioId, Body body, IMediator mediator, CancellationToken ct) =>
                TypedResults.Ok(await mediator.Send(new Command(portfolioId, body.MonthlyBudget, body.AutoLookup, body.Monitoring), ct)))
            .WithName("SaveBureauSettings")
            .RequireAuthorization(Policies.Supervisor)
            .ProducesValidationProblem()
            .ProducesProblem(404);
    }
}
