using System.Globalization;
using CsvHelper;
using Microsoft.Net.Http.Headers;
using Recovery.BuildingBlocks;
using Recovery.Reporting.Data;

namespace Recovery.Reporting.Features.Aging;

/// <summary>
/// Aging of the open debts as of a date (partner-api.md "Auditors"): count and outstanding balance by days late,
/// 1-30, 31-60, 61-90, 91-180, 181-360, 361+; debts not yet due, in agreement, paid, cancelled or prescribed are not in
/// it. Filtered by partner and portfolio (code or id). JSON, or CSV with <c>Accept: text/csv</c>.
/// </summary>
internal static class Aging
{
    private static readonly (int From, int? To)[] Ranges = [(1, 30), (31, 60), (61, 90), (91, 180), (181, 360), (361, null)];

    internal sealed record Query(DateOnly? AsOf, Guid? PartnerId, string? Portfolio) : IRequest<Report>;

    internal sealed record Bucket(int From, int? To, long Count, decimal Outstanding);

    /// <param name="Total">The outstanding balance of every bucket together.</param>
    internal sealed record Report(DateOnly AsOf, IReadOnlyList<Bucket> Buckets, long Count, decimal Total);

    internal sealed class Validator : AbstractValidator<Query>
    {
        public Validator() => RuleFor(q => q.Portfolio).MaximumLength(64).WithMessage("portfolio is a portfolio's code or id");
    }

    internal sealed class Handler(ReportingDb db, TimeProvider clock) : IRequestHandler<Query, Report>
    {
        public async Task<Report> Handle(Query query, CancellationToken ct)
        {
            var asOf = query.AsOf ?? clock.Today();
            var filters = "";
            if (query.PartnerId is not null) filters += " AND partner_id = @PartnerId";
            Guid? portfolioId = Guid.TryParse(query.Portfolio, out var id) ? id : null;
            if (portfolioId is not null) filters += " AND portfolio_id = @PortfolioId";
            else if (!string.IsNullOrEmpty(query.Portfolio)) filters += " AND LOWER(portfolio_code) = @PortfolioCode";
            // One pass over the open debts due before the date; the bucket is decided by the due date against fixed
            // limits computed here (portable SQL: no date arithmetic in the statement).
            var sql = $"""
                SELECT bucket, COUNT(*) AS debts, SUM(outstanding_cents) AS cents FROM (
                  SELECT CASE WHEN due_date >= @D30 THEN 0 WHEN due_date >= @D60 THEN 1 WHEN due_date >= @D90 THEN 2
                              WHEN due_date >= @D180 THEN 3 WHEN due_date >= @D360 THEN 4 ELSE 5 END AS bucket, outstanding_cents
                    FROM reporting.debt
                   WHERE status = 'open' AND due_date < @AsOf{filters}
                ) aged GROUP BY bucket
                """;
            await using var session = await db.OpenAsync(ct);
            var rows = (await session.QueryAsync<Row>(sql, new
            {
                AsOf = asOf, D30 = asOf.AddDays(-30), D60 = asOf.AddDays(-60), D90 = asOf.AddDays(-90), D180 = asOf.AddDays(-180), D360 = asOf.AddDays(-360),
                query.PartnerId, PortfolioId = portfolioId, PortfolioCode = query.Portfolio?.ToLowerInvariant(),
            })).ToDictionary(r => r.Bucket);
            var buckets = Ranges.Select((range, i) => rows.TryGetValue(i, out var r)
                ? new Bucket(range.From, range.To, r.Debts, Money.ToReais(r.Cents))
                : new Bucket(range.From, range.To, 0, 0m)).ToList();
            return new Report(asOf, buckets, buckets.Sum(b => b.Count), buckets.Sum(b => b.Outstanding));
        }
    }

    internal static void Map(RouteGroupBuilder reports) =>
        reports.MapGet("/aging", async (DateOnly? asOf, Guid? partnerId, string? portfolio, HttpContext http, IMediator mediator, CancellationToken ct) =>
            {
                var report = await mediator.Send(new Query(asOf, partnerId, portfolio), ct);
                if (!WantsCsv(http.Request)) return Results.Ok(report);
                return Results.Stream(async body =>
                {
                    await using var csv = CsvWriter.Create(body, new CsvWriterOptions(), leaveOpen: true);
                    foreach (var header in new[] { "as_of", "from", "to", "count", "outstanding" }) csv.WriteField(header);
                    await csv.EndRecordAsync(ct);
                    foreach (var b in report.Buckets)
                    {
                        csv.WriteField(report.AsOf.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
                        csv.WriteField(b.From.ToString(CultureInfo.InvariantCulture));
                        csv.WriteField(b.To?.ToString(CultureInfo.InvariantCulture) ?? "");
                        csv.WriteField(b.Count.ToString(CultureInfo.InvariantCulture));
                        csv.WriteField(b.Outstanding.ToString("0.00", CultureInfo.InvariantCulture));
                        await csv.EndRecordAsync(ct);
                    }
                    await csv.FlushAsync(ct);
                }, "text/csv; charset=utf-8", $"aging-{report.AsOf:yyyy-MM-dd}.csv");
            })
            .WithName("AgingReport")
            .RequireAuthorization(Policies.Auditor)
            .Produces<Report>(200)
            .Produces(200, contentType: "text/csv")
            .ProducesValidationProblem();

    /// <summary>CSV when the client asks for it; JSON otherwise.</summary>
    public static bool WantsCsv(HttpRequest request) =>
        request.GetTypedHeaders().Accept.Any(a => a.MediaType.Equals("text/csv", StringComparison.OrdinalIgnoreCase));

    private sealed class Row
    {
        public int Bucket { get; init; }
        public long Debts { get; init; }
        public long Cents { get; init; }
    }
}
