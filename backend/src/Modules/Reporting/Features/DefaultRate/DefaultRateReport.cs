using Recovery.BuildingBlocks;
using Dapper;
using Recovery.Reporting.Data;
using Recovery.Reporting.Features.Reports;

namespace Recovery.Reporting.Features.DefaultRate;

/// <summary>
/// The default rate of agreements month by month: of the agreements in force at some time in the month (activated by
/// its end, not ended before its start), the share broken in that month.
/// </summary>
internal static class DefaultRateReport
{
    internal sealed record Query(ReportFilter Filter) : IRequest<Report>, IFilteredQuery;

    /// <param name="Rate">Broken ÷ in force; null when none was in force.</param>
    internal sealed record Line(string Month, long InForce, long Broken, decimal? Rate);

    internal sealed record Report(DateOnly From, DateOnly To, IReadOnlyList<Line> Months);

    internal sealed class Validator : FilterRules<Query>;

    internal sealed class Handler(ReportingDb db, TimeProvider clock) : IRequestHandler<Query, Report>
    {
        public async Task<Report> Handle(Query query, CancellationToken ct)
        {
            var today = clock.Today();
            var (from, to) = (query.Filter.FromOr(today), query.Filter.ToOr(today));
            var first = new DateOnly(from.Year, from.Month, 1);
            var args = new DynamicParameters(new { First = first, To = to });
            var where = query.Filter.Where("a", args, "a.agent");
            await using var session = await db.OpenAsync(ct);
            // The agreements that overlap the period, a few columns each, counted into months here: one pass whatever the period.
            var spans = (await session.QueryAsync<Span>(
                $"SELECT a.activated_on, a.ended_on, a.status FROM reporting.agreement a WHERE a.activated_on IS NOT NULL AND a.activated_on <= @To AND (a.ended_on IS NULL OR a.ended_on >= @First){where}",
                args)).ToList();
            var lines = new List<Line>();
            for (var start = first; start <= to; start = start.AddMonths(1))
            {
                var end = start.AddMonths(1).AddDays(-1);
                var inForce = spans.LongCount(s => s.ActivatedOn <= end && (s.EndedOn is null || s.EndedOn >= start));
                var broken = spans.LongCount(s => s.Status == "broken" && s.EndedOn >= start && s.EndedOn <= end);
                lines.Add(new Line(ReportFilter.Month(start), inForce, broken, inForce == 0 ? null : Math.Round((decimal)broken / inForce, 4)));
            }
            return new Report(from, to, lines);
        }
    }

    internal static void Map(RouteGroupBuilder reports) =>
        reports.MapGet("/default-rate", async ([AsParameters] ReportFilter filter, HttpContext http, IMediator mediator, CancellationToken ct) =>
            {
                var report = await mediator.Send(new Query(filter), ct);
                if (!Csv.Wanted(http.Request)) return Results.Ok(report);
                return Csv.Stream(filter.Dialect, $"default-rate-{report.From:yyyy-MM-dd}-{report.To:yyyy-MM-dd}.csv",
                    [("month", "Mês"), ("in_force", "Acordos vigentes"), ("broken", "Acordos quebrados"), ("rate", "Taxa de quebra (%)")], report.Months,
                    l => [Csv.Month(l.Month), Csv.Number(l.InForce), Csv.Number(l.Broken), Csv.Rate(l.Rate)], ct);
            })
            .AsReport<Report>("DefaultRateReport");

    private sealed class Span
    {
        public DateOnly ActivatedOn { get; init; }
        public DateOnly? EndedOn { get; init; }
        public string Status { get; init; } = "";
    }
}
