using Dapper;
using Recovery.BuildingBlocks;
using Recovery.Reporting.Data;
using Recovery.Reporting.Features.Reports;

namespace Recovery.Reporting.Features.Recovered;

/// <summary>
/// Placed against recovered. <c>by=month</c> (default): for each month of the period, the debts placed that month and
/// the money recovered that month (payments on debts and agreements' installments, whatever month the debt was placed).
/// <c>by=cohort</c>: for each month of placement in the period, the debts placed then and what they have returned up
/// to <c>to</c>. With <c>agent</c>, only the money recovered on that agent's agreements.
/// </summary>
internal static class RecoveryReport
{
    internal sealed record Query(string? By, ReportFilter Filter) : IRequest<Report>, IFilteredQuery;

    /// <param name="Month">'yyyy-MM': the month of placement (cohort) or of the payments (month).</param>
    /// <param name="Rate">Recovered ÷ placed; null when nothing was placed.</param>
    internal sealed record Line(string Month, long Debts, decimal Placed, decimal Recovered, decimal? Rate);

    internal sealed record Report(string By, DateOnly From, DateOnly To, IReadOnlyList<Line> Rows, Line Total);

    internal sealed class Validator : FilterRules<Query>
    {
        public Validator() => RuleFor(q => q.By).Must(b => b is null or "month" or "cohort").WithMessage("by is month or cohort");
    }

    internal sealed class Handler(ReportingDb db, TimeProvider clock) : IRequestHandler<Query, Report>
    {
        public async Task<Report> Handle(Query query, CancellationToken ct)
        {
            var today = clock.Today();
            var (from, to) = (query.Filter.FromOr(today), query.Filter.ToOr(today));
            var by = query.By ?? "month";
            var months = ReportFilter.Months(from, to);
            var args = new DynamicParameters(new { FromMonth = months[0], ToMonth = months[^1], From = from, To = to });
            var debtFilter = query.Filter with { Agent = null };
            var placedSql = $"SELECT d.placed_month AS month, COUNT(*) AS debts, SUM(d.amount_cents) AS cents FROM reporting.debt d WHERE d.placed_month >= @FromMonth AND d.placed_month <= @ToMonth{debtFilter.Where("d", args)} GROUP BY d.placed_month";
            var collectionWhere = query.Filter.Where("c", args, "c.agent");   // the same parameters again, plus the agent
            var recoveredSql = by == "month"
                ? $"SELECT c.paid_month AS month, 0 AS debts, SUM(c.amount_cents) AS cents FROM reporting.collection c WHERE c.paid_on >= @From AND c.paid_on <= @To{collectionWhere} GROUP BY c.paid_month"
                : $"SELECT c.placed_month AS month, 0 AS debts, SUM(c.amount_cents) AS cents FROM reporting.collection c WHERE c.placed_month >= @FromMonth AND c.placed_month <= @ToMonth AND c.paid_on <= @To{collectionWhere} GROUP BY c.placed_month";
            await using var session = await db.OpenAsync(ct);
            var placed = (await session.QueryAsync<Sum>(placedSql, args)).ToDictionary(r => r.Month);
            var recovered = (await session.QueryAsync<Sum>(recoveredSql, args)).ToDictionary(r => r.Month);
            var rows = months.Select(m =>
            {
                placed.TryGetValue(m, out var p);
                recovered.TryGetValue(m, out var r);
                return Make(m, p?.Debts ?? 0, p?.Cents ?? 0, r?.Cents ?? 0);
            }).ToList();
            var total = Make("total", placed.Values.Sum(p => p.Debts), placed.Values.Sum(p => p.Cents), recovered.Values.Sum(r => r.Cents));
            return new Report(by, from, to, rows, total);
        }

        private static Line Make(string month, long debts, long placedCents, long recoveredCents) =>
            new(month, debts, Money.ToReais(placedCents), Money.ToReais(recoveredCents),
                placedCents == 0 ? null : Math.Round((decimal)recoveredCents / placedCents, 4));
    }

    internal static void Map(RouteGroupBuilder reports) =>
        reports.MapGet("/recovery", async (string? by, [AsParameters] ReportFilter filter, HttpContext http, IMediator mediator, CancellationToken ct) =>
            {
                var report = await mediator.Send(new Query(by, filter), ct);
                if (!Csv.Wanted(http.Request)) return Results.Ok(report);
                return Csv.Stream(filter.Dialect, $"recovery-by-{report.By}-{report.From:yyyy-MM-dd}-{report.To:yyyy-MM-dd}.csv",
                    [(report.By, report.By == "cohort" ? "Safra" : "Mês"), ("debts_placed", "Dívidas recebidas"), ("placed", "Valor recebido (R$)"),
                     ("recovered", "Valor recuperado (R$)"), ("rate", "Taxa de recuperação (%)")], report.Rows.Append(report.Total),
                    r => [Csv.Month(r.Month), Csv.Number(r.Debts), Csv.Money(r.Placed), Csv.Money(r.Recovered), Csv.Rate(r.Rate)], ct);
            })
            .AsReport<Report>("RecoveryReport");

    private sealed class Sum
    {
        public string Month { get; init; } = "";
        public long Debts { get; init; }
        public long Cents { get; init; }
    }
}
