using Dapper;
using Recovery.BuildingBlocks;
using Recovery.Reporting.Data;
using Recovery.Reporting.Features.Reports;

namespace Recovery.Reporting.Features.Funnel;

/// <summary>
/// The portal funnel per month and portfolio (ADR 0025): debtors who were sent a sign-in code, who signed in (by code or
/// link), who saw at least one offer, who made an agreement in the portal, and whose agreement's first installment was
/// paid, each counted once in the month the step happened. From <c>reporting.portal_step</c>, which only events feed
/// (<see cref="PortalSteps"/>). The agent filter does not apply: the debtor acts alone.
/// </summary>
internal static class PortalFunnel
{
    internal sealed record Query(ReportFilter Filter) : IRequest<Report>, IFilteredQuery;

    /// <param name="AgreementRate">Agreements ÷ sessions; null without sessions.</param>
    internal sealed record Line(string Month, Guid PortfolioId, string Portfolio, long CodesSent, long Sessions, long OffersSeen, long Agreements,
        long FirstInstallmentPaid, decimal? AgreementRate);

    internal sealed record Totals(long CodesSent, long Sessions, long OffersSeen, long Agreements, long FirstInstallmentPaid);

    internal sealed record Report(DateOnly From, DateOnly To, IReadOnlyList<Line> Lines, Totals Totals);

    internal sealed class Validator : FilterRules<Query>;

    internal sealed class Handler(ReportingDb db, TimeProvider clock) : IRequestHandler<Query, Report>
    {
        public async Task<Report> Handle(Query query, CancellationToken ct)
        {
            var today = clock.Today();
            var (from, to) = (query.Filter.FromOr(today), query.Filter.ToOr(today));
            var args = new DynamicParameters(new { From = from, To = to });
            var where = (query.Filter with { Agent = null }).Where("s", args);
            await using var session = await db.OpenAsync(ct);
            var rows = (await session.QueryAsync<Row>(
                $"""
                SELECT s.month, s.portfolio_id, MAX(s.portfolio_code) AS portfolio, s.stage, COUNT(DISTINCT s.debtor_id) AS debtors
                  FROM reporting.portal_step s
                 WHERE s.occurred_on >= @From AND s.occurred_on <= @To{where}
                 GROUP BY s.month, s.portfolio_id, s.stage
                """, args)).ToList();
            var totals = (await session.QueryAsync<Row>(
                $"""
                SELECT s.stage, COUNT(DISTINCT s.debtor_id) AS debtors
                  FROM reporting.portal_step s
                 WHERE s.occurred_on >= @From AND s.occurred_on <= @To{where}
                 GROUP BY s.stage
                """, args)).ToDictionary(r => r.Stage, r => r.Debtors);
            var lines = rows.GroupBy(r => (r.Month, r.PortfolioId))
                .Select(g =>
                {
                    long Count(string stage) => g.FirstOrDefault(r => r.Stage == stage)?.Debtors ?? 0;
                    var sessions = Count("session");
                    return new Line(g.Key.Month, g.Key.PortfolioId, g.Max(r => r.Portfolio) ?? "", Count("code_sent"), sessions, Count("offers_seen"),
                        Count("agreement"), Count("first_paid"), sessions == 0 ? null : Math.Round((decimal)Count("agreement") / sessions, 4));
                })
                .OrderBy(l => l.Month, StringComparer.Ordinal).ThenBy(l => l.Portfolio, StringComparer.Ordinal).ToList();
            return new Report(from, to, lines, new Totals(totals.GetValueOrDefault("code_sent"), totals.GetValueOrDefault("session"),
                totals.GetValueOrDefault("offers_seen"), totals.GetValueOrDefault("agreement"), totals.GetValueOrDefault("first_paid")));
        }
    }

    internal static void Map(RouteGroupBuilder reports) =>
        reports.MapGet("/portal-funnel", async ([AsParameters] ReportFilter filter, HttpContext http, IMediator mediator, CancellationToken ct) =>
            {
                var report = await mediator.Send(new Query(filter), ct);
                if (!Csv.Wanted(http.Request)) return Results.Ok(report);
                return Csv.Stream(filter.Dialect, $"portal-funnel-{report.From:yyyy-MM-dd}-{report.To:yyyy-MM-dd}.csv",
                    [("month", "Mês"), ("portfolio", "Carteira"), ("codes_sent", "Códigos enviados"), ("sessions", "Acessos"), ("offers_seen", "Viram ofertas"),
                     ("agreements", "Acordos"), ("first_installment_paid", "Primeira parcela paga"), ("agreement_rate", "Acordos por acesso (%)")],
                    report.Lines,
                    l => [Csv.Month(l.Month), l.Portfolio, Csv.Number(l.CodesSent), Csv.Number(l.Sessions), Csv.Number(l.OffersSeen), Csv.Number(l.Agreements),
                        Csv.Number(l.FirstInstallmentPaid), Csv.Rate(l.AgreementRate)], ct);
            })
            .AsReport<Report>("PortalFunnelReport");

    private sealed class Row
    {
        public string Month { get; init; } = "";
        public Guid PortfolioId { get; init; }
        public string? Portfolio { get; init; }
        public string Stage { get; init; } = "";
        public long Debtors { get; init; }
    }
}
