using Dapper;
using Recovery.BuildingBlocks;
using Recovery.Reporting.Data;
using Recovery.Reporting.Features.Reports;

namespace Recovery.Reporting.Features.Agreements;

/// <summary>
/// The agreements made in the period (by their date), where each stands now, the amounts, and the kept rate: completed
/// ÷ (completed + broken), the agreements that have run their course. By month for the chart and the CSV.
/// </summary>
internal static class AgreementsReport
{
    internal sealed record Query(ReportFilter Filter) : IRequest<Report>, IFilteredQuery;

    /// <param name="Amount">What the debtors agreed to pay (down payment and installments).</param>
    /// <param name="Paid">What was paid on them so far (installments paid in full).</param>
    internal sealed record Line(string Month, long Created, long PendingApproval, long Active, long Completed, long Broken, long Cancelled,
        decimal Amount, decimal Paid, decimal? KeptRate);

    internal sealed record Report(DateOnly From, DateOnly To, Line Total, IReadOnlyList<Line> Months);

    internal sealed class Validator : FilterRules<Query>;

    internal sealed class Handler(ReportingDb db, TimeProvider clock) : IRequestHandler<Query, Report>
    {
        public async Task<Report> Handle(Query query, CancellationToken ct)
        {
            var today = clock.Today();
            var (from, to) = (query.Filter.FromOr(today), query.Filter.ToOr(today));
            var args = new DynamicParameters(new { From = from, To = to });
            var where = query.Filter.Where("a", args, "a.agent");
            await using var session = await db.OpenAsync(ct);
            var rows = (await session.QueryAsync<Row>(
                $"""
                SELECT a.created_month AS month, a.status, COUNT(*) AS agreements, SUM(a.total_cents) AS total_cents, SUM(a.paid_cents) AS paid_cents
                  FROM reporting.agreement a
                 WHERE a.created_on >= @From AND a.created_on <= @To{where}
                 GROUP BY a.created_month, a.status
                """, args)).ToList();
            var months = ReportFilter.Months(from, to).Select(m => Make(m, rows.Where(r => r.Month == m))).ToList();
            return new Report(from, to, Make("total", rows), months);
        }

        private static Line Make(string month, IEnumerable<Row> rows)
        {
            long Count(params string[] statuses) => rows.Where(r => statuses.Contains(r.Status)).Sum(r => r.Agreements);
            var (completed, broken) = (Count("completed"), Count("broken"));
            return new Line(month, rows.Sum(r => r.Agreements), Count("pending_approval"), Count("active"), completed, broken, Count("cancelled", "rejected"),
                Money.ToReais(rows.Sum(r => r.TotalCents)), Money.ToReais(rows.Sum(r => r.PaidCents)),
                completed + broken == 0 ? null : Math.Round((decimal)completed / (completed + broken), 4));
        }
    }

    internal static void Map(RouteGroupBuilder reports) =>
        reports.MapGet("/agreements", async ([AsParameters] ReportFilter filter, HttpContext http, IMediator mediator, CancellationToken ct) =>
            {
                var report = await mediator.Send(new Query(filter), ct);
                if (!Csv.Wanted(http.Request)) return Results.Ok(report);
                return Csv.Stream(filter.Dialect, $"agreements-{report.From:yyyy-MM-dd}-{report.To:yyyy-MM-dd}.csv",
                    [("month", "Mês"), ("created", "Criados"), ("pending_approval", "Aguardando aprovação"), ("active", "Ativos"), ("completed", "Concluídos"),
                     ("broken", "Quebrados"), ("cancelled", "Cancelados"), ("amount", "Valor acordado (R$)"), ("paid", "Valor pago (R$)"),
                     ("kept_rate", "Taxa de cumprimento (%)")],
                    report.Months.Append(report.Total),
                    l => [Csv.Month(l.Month), Csv.Number(l.Created), Csv.Number(l.PendingApproval), Csv.Number(l.Active), Csv.Number(l.Completed),
                          Csv.Number(l.Broken), Csv.Number(l.Cancelled), Csv.Money(l.Amount), Csv.Money(l.Paid), Csv.Rate(l.KeptRate)], ct);
            })
            .AsReport<Report>("AgreementsReport");

    private sealed class Row
    {
        public string Month { get; init; } = "";
        public string Status { get; init; } = "";
        public long Agreements { get; init; }
        public long TotalCents { get; init; }
        public long PaidCents { get; init; }
    }
}
