using Microsoft.Extensions.Options;
using Recovery.BuildingBlocks;
using Recovery.Reporting.Data;
using Recovery.Reporting.Features.ReadModels;
using Recovery.Reporting.Features.Reports;

namespace Recovery.Reporting.Features.Purchased;

/// <summary>
/// The return of each purchased portfolio (cessão de crédito, ADR 0028): the price paid, what it recovered by month (payments
/// on its debts and its agreements' installments), its costs (messages sent at the configured price per channel, bureau
/// lookups at what they cost; commissions and notary fees count once the product records them), the net (recovered − costs −
/// price), the multiple on money (recovered ÷ price) and the payback month: the first month by whose end what was recovered,
/// less the costs, covers the price (null until it does).
/// </summary>
internal static class PurchasedPortfoliosReport
{
    internal sealed record Query(Guid? PortfolioId) : IRequest<Report>;

    internal sealed record Report(IReadOnlyList<Item> Items);

    internal sealed record Item(Guid PortfolioId, string Code, string Seller, DateOnly PurchasedOn, decimal FaceValue, decimal Price, decimal Recovered,
        decimal Costs, Costs CostBreakdown, decimal Net, decimal Multiple, string? PaybackMonth, IReadOnlyList<Month> Months);

    internal sealed record Costs(decimal Messages, decimal Lookups, decimal Commissions, decimal NotaryFees);

    /// <param name="Net">At the month's end: recovered − costs − price, all months so far.</param>
    /// <param name="Multiple">At the month's end: recovered so far ÷ price.</param>
    internal sealed record Month(string Period, decimal Recovered, decimal Costs, decimal Net, decimal Multiple);

    internal sealed class Handler(ReportingDb db, IOptions<CostOptions> costs, TimeProvider clock) : IRequestHandler<Query, Report>
    {
        public async Task<Report> Handle(Query query, CancellationToken ct)
        {
            await using var session = await db.OpenAsync(ct);
            var portfolios = (await session.QueryAsync<PortfolioRow>(
                "SELECT portfolio_id, portfolio_code, seller, purchased_on, face_value_cents, price_cents FROM reporting.purchased_portfolio" +
                (query.PortfolioId is null ? "" : " WHERE portfolio_id = @PortfolioId") + " ORDER BY purchased_on, portfolio_code", query)).ToList();
            var items = new List<Item>();
            foreach (var p in portfolios)
            {
                var args = new { p.PortfolioId };
                var recovered = (await session.QueryAsync<MonthSum>(
                        "SELECT paid_month AS period, SUM(amount_cents) AS cents FROM reporting.collection WHERE portfolio_id = @PortfolioId GROUP BY paid_month", args))
                    .ToDictionary(r => r.Period, r => r.Cents);
                var lookups = (await session.QueryAsync<DaySum>(
                        "SELECT charged_on AS day, SUM(cost_cents) AS cents FROM reporting.bureau_cost WHERE portfolio_id = @PortfolioId GROUP BY charged_on", args))
                    .GroupBy(r => Projector.Month(r.Day)).ToDictionary(g => g.Key, g => g.Sum(r => r.Cents));
                var messages = (await session.QueryAsync<MessageSum>(
                        """
                        SELECT m.channel, m.sent_on AS day, COUNT(*) AS sent FROM reporting.message m JOIN reporting.debt d ON d.invoice_id = m.invoice_id
                         WHERE d.portfolio_id = @PortfolioId AND m.sent = 1 AND m.sent_on IS NOT NULL
                         GROUP BY m.channel, m.sent_on
                        """, args))
                    .GroupBy(r => Projector.Month(r.Day)).ToDictionary(g => g.Key, g => g.Sum(r => Money.ToCents(costs.Value.Of(r.Channel) * r.Sent)));
                items.Add(Compute(p, recovered, messages, lookups, clock.Today()));
            }
            return new Report(items);
        }
    }

    /// <summary>The figures of one portfolio from its monthly sums in centavos, from the purchase's month to today's (or the last with activity).</summary>
    internal static Item Compute(PortfolioRow p, IReadOnlyDictionary<string, long> recovered, IReadOnlyDictionary<string, long> messages,
        IReadOnlyDictionary<string, long> lookups, DateOnly today)
    {
        var last = recovered.Keys.Concat(messages.Keys).Concat(lookups.Keys).Append(Projector.Month(today)).Max(StringComparer.Ordinal)!;
        var months = new List<Month>();
        string? payback = null;
        long recoveredSoFar = 0, costsSoFar = 0;
        for (var m = new DateOnly(p.PurchasedOn.Year, p.PurchasedOn.Month, 1); string.CompareOrdinal(Projector.Month(m), last) <= 0; m = m.AddMonths(1))
        {
            var period = Projector.Month(m);
            var inMonth = recovered.GetValueOrDefault(period);
            var spent = messages.GetValueOrDefault(period) + lookups.GetValueOrDefault(period);
            recoveredSoFar += inMonth;
            costsSoFar += spent;
            if (payback is null && p.PriceCents > 0 && recoveredSoFar - costsSoFar >= p.PriceCents) payback = period;
            months.Add(new Month(period, Money.ToReais(inMonth), Money.ToReais(spent), Money.ToReais(recoveredSoFar - costsSoFar - p.PriceCents),
                Multiple(recoveredSoFar, p.PriceCents)));
        }
        // Money before the purchase's month (a payment dated earlier) still counts.
        var early = recovered.Where(r => string.CompareOrdinal(r.Key, Projector.Month(p.PurchasedOn)) < 0).Sum(r => r.Value);
        var earlyCosts = messages.Concat(lookups).Where(r => string.CompareOrdinal(r.Key, Projector.Month(p.PurchasedOn)) < 0).Sum(r => r.Value);
        var totalRecovered = recoveredSoFar + early;
        var messageCents = messages.Values.Sum();
        var lookupCents = lookups.Values.Sum();
        var totalCosts = costsSoFar + earlyCosts;
        return new Item(p.PortfolioId, p.PortfolioCode, p.Seller, p.PurchasedOn, Money.ToReais(p.FaceValueCents), Money.ToReais(p.PriceCents),
            Money.ToReais(totalRecovered), Money.ToReais(totalCosts), new Costs(Money.ToReais(messageCents), Money.ToReais(lookupCents), 0m, 0m),
            Money.ToReais(totalRecovered - totalCosts - p.PriceCents), Multiple(totalRecovered, p.PriceCents), payback, months);
    }

    private static decimal Multiple(long recoveredCents, long priceCents) =>
        priceCents == 0 ? 0m : Math.Round((decimal)recoveredCents / priceCents, 4, MidpointRounding.AwayFromZero);

    internal static void Map(RouteGroupBuilder reports) =>
        reports.MapGet("/purchased-portfolios", async (Guid? portfolioId, string? dialect, HttpContext http, IMediator mediator, CancellationToken ct) =>
            {
                var report = await mediator.Send(new Query(portfolioId), ct);
                if (!Csv.Wanted(http.Request)) return Results.Ok(report);
                var rows = report.Items.SelectMany(i => i.Months.Select(m => new CsvRow(i, m.Period, m.Recovered, m.Costs, m.Net, m.Multiple, null))
                    .Append(new CsvRow(i, "total", i.Recovered, i.Costs, i.Net, i.Multiple, i.PaybackMonth)));
                return Csv.Stream(dialect, "purchased-portfolios.csv",
                    [("portfolio", "Carteira"), ("seller", "Cedente"), ("price", "Preço pago (R$)"), ("month", "Mês"), ("recovered", "Recuperado (R$)"),
                     ("costs", "Custos (R$)"), ("net", "Resultado líquido acumulado (R$)"), ("multiple", "Múltiplo (recuperado ÷ preço)"),
                     ("payback_month", "Mês do payback")],
                    rows, r => [r.i.Code, r.i.Seller, Csv.Money(r.i.Price), r.Period == "total" ? "total" : Csv.Month(r.Period), Csv.Money(r.Recovered),
                        Csv.Money(r.Costs), Csv.Money(r.Net), Csv.Money(Math.Round(r.Multiple, 2)), r.Payback is null ? "" : Csv.Month(r.Payback)], ct);
            })
            .AsReport<Report>("PurchasedPortfoliosReport");

    private sealed record CsvRow(Item i, string Period, decimal Recovered, decimal Costs, decimal Net, decimal Multiple, string? Payback);

    internal sealed class PortfolioRow
    {
        public Guid PortfolioId { get; init; }
        public string PortfolioCode { get; init; } = "";
        public string Seller { get; init; } = "";
        public DateOnly PurchasedOn { get; init; }
        public long FaceValueCents { get; init; }
        public long PriceCents { get; init; }
    }

    private sealed class MonthSum
    {
        public string Period { get; init; } = "";
        public long Cents { get; init; }
    }

    private sealed class DaySum
    {
        public DateOnly Day { get; init; }
        public long Cents { get; init; }
    }

    private sealed class MessageSum
    {
        public string Channel { get; init; } = "";
        public DateOnly Day { get; init; }
        public long Sent { get; init; }
    }
}
