using Dapper;
using Recovery.BuildingBlocks;
using Recovery.BuildingBlocks.Data;
using Recovery.Reporting.Data;
using Recovery.Reporting.Features.Reports;

namespace Recovery.Reporting.Features.Aging;

/// <summary>
/// Aging of the open debts as of a date (partner-api.md "Auditors"): count and outstanding balance by days late,
/// 1-30, 31-60, 61-90, 91-180, 181-360, 361+; debts not yet due, in agreement, paid, cancelled or prescribed are not in
/// it. Filtered by partner and portfolio (code or id). JSON, or CSV with <c>Accept: text/csv</c>; the debts behind it,
/// one per row, at <c>/aging/debts</c>.
/// </summary>
internal static class Aging
{
    private static readonly (int From, int? To)[] Ranges = [(1, 30), (31, 60), (61, 90), (91, 180), (181, 360), (361, null)];

    internal sealed record Query(DateOnly? AsOf, ReportFilter Filter) : IRequest<Report>, IFilteredQuery;

    internal sealed record Bucket(int From, int? To, long Count, decimal Outstanding);

    /// <param name="Total">The outstanding balance of every bucket together.</param>
    internal sealed record Report(DateOnly AsOf, IReadOnlyList<Bucket> Buckets, long Count, decimal Total);

    internal sealed class Validator : FilterRules<Query>;

    /// <summary>
    /// The open debts due before the date; the bucket is decided by the due date against fixed limits computed here
    /// (portable SQL: no date arithmetic in the statement).
    /// </summary>
    private static (string Where, DynamicParameters Args) Aged(DateOnly asOf, ReportFilter filter)
    {
        var args = new DynamicParameters(new
        {
            AsOf = asOf, D30 = asOf.AddDays(-30), D60 = asOf.AddDays(-60), D90 = asOf.AddDays(-90), D180 = asOf.AddDays(-180), D360 = asOf.AddDays(-360),
        });
        return ($"d.status = 'open' AND d.due_date < @AsOf{filter.Where("d", args)}", args);
    }

    private const string BucketOf =
        "CASE WHEN d.due_date >= @D30 THEN 0 WHEN d.due_date >= @D60 THEN 1 WHEN d.due_date >= @D90 THEN 2 WHEN d.due_date >= @D180 THEN 3 WHEN d.due_date >= @D360 THEN 4 ELSE 5 END";

    internal sealed class Handler(ReportingDb db, TimeProvider clock) : IRequestHandler<Query, Report>
    {
        public async Task<Report> Handle(Query query, CancellationToken ct)
        {
            var asOf = query.AsOf ?? clock.Today();
            var (where, args) = Aged(asOf, query.Filter);
            await using var session = await db.OpenAsync(ct);
            var rows = (await session.QueryAsync<Row>(
                $"SELECT bucket, COUNT(*) AS debts, SUM(outstanding_cents) AS cents FROM (SELECT {BucketOf} AS bucket, d.outstanding_cents FROM reporting.debt d WHERE {where}) aged GROUP BY bucket",
                args)).ToDictionary(r => r.Bucket);
            var buckets = Ranges.Select((range, i) => rows.TryGetValue(i, out var r)
                ? new Bucket(range.From, range.To, r.Debts, Money.ToReais(r.Cents))
                : new Bucket(range.From, range.To, 0, 0m)).ToList();
            return new Report(asOf, buckets, buckets.Sum(b => b.Count), buckets.Sum(b => b.Outstanding));
        }
    }

    /// <summary>The debts behind the aging, one per row, streamed as read (a million rows in constant memory).</summary>
    internal sealed record DebtsQuery(DateOnly? AsOf, ReportFilter Filter) : IRequest<AgedDebts>, IFilteredQuery;

    internal sealed record AgedDebts(DateOnly AsOf, IAsyncEnumerable<AgedDebt> Items);

    internal sealed class AgedDebt
    {
        public Guid InvoiceId { get; init; }
        public string ExternalId { get; init; } = "";
        public Guid PartnerId { get; init; }
        public string? PortfolioCode { get; init; }
        public Guid DebtorId { get; init; }
        public DateOnly DueDate { get; init; }
        public int Bucket { get; init; }
        public long OutstandingCents { get; init; }
        public int BucketFrom => Ranges[Bucket].From;
        public int? BucketTo => Ranges[Bucket].To;
        public decimal Outstanding => Money.ToReais(OutstandingCents);
    }

    internal sealed class DebtsValidator : FilterRules<DebtsQuery>;

    internal sealed class DebtsHandler(ReportingDb db, TimeProvider clock) : IRequestHandler<DebtsQuery, AgedDebts>
    {
        public Task<AgedDebts> Handle(DebtsQuery query, CancellationToken ct)
        {
            var asOf = query.AsOf ?? clock.Today();
            return Task.FromResult(new AgedDebts(asOf, Read(asOf, query.Filter, ct)));
        }

        private async IAsyncEnumerable<AgedDebt> Read(DateOnly asOf, ReportFilter filter, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct)
        {
            var (where, args) = Aged(asOf, filter);
            await using var session = await db.OpenForScanAsync(ct);
            await foreach (var row in session.Connection.QueryUnbufferedAsync<AgedDebt>(
                               $"SELECT d.invoice_id, d.external_id, d.partner_id, d.portfolio_code, d.debtor_id, d.due_date, {BucketOf} AS bucket, d.outstanding_cents FROM reporting.debt d WHERE {where} ORDER BY d.due_date, d.invoice_id",
                               args).WithCancellation(ct))
                yield return row;
        }
    }

    internal static void Map(RouteGroupBuilder reports)
    {
        reports.MapGet("/aging", async (DateOnly? asOf, [AsParameters] ReportFilter filter, HttpContext http, IMediator mediator, CancellationToken ct) =>
            {
                var report = await mediator.Send(new Query(asOf, filter), ct);
                if (!Csv.Wanted(http.Request)) return Results.Ok(report);
                return Csv.Stream(filter.Dialect, $"aging-{report.AsOf:yyyy-MM-dd}.csv",
                    [("as_of", "Data-base"), ("from", "De (dias)"), ("to", "Até (dias)"), ("count", "Quantidade"), ("outstanding", "Saldo devedor (R$)")], report.Buckets,
                    b => [Csv.Date(report.AsOf), Csv.Number(b.From), b.To is { } to ? Csv.Number(to) : "", Csv.Number(b.Count), Csv.Money(b.Outstanding)], ct);
            })
            .AsReport<Report>("AgingReport");

        reports.MapGet("/aging/debts", async (DateOnly? asOf, [AsParameters] ReportFilter filter, HttpContext http, IMediator mediator, CancellationToken ct) =>
            {
                var debts = await mediator.Send(new DebtsQuery(asOf, filter), ct);
                if (!Csv.Wanted(http.Request)) return Results.Ok(debts.Items);
                return Csv.Stream(filter.Dialect, $"aging-debts-{debts.AsOf:yyyy-MM-dd}.csv",
                    [("invoice_id", "Id da dívida"), ("external_id", "Contrato"), ("partner_id", "Id do credor"), ("portfolio", "Carteira"),
                     ("debtor_id", "Id do devedor"), ("due_date", "Vencimento"), ("days_late", "Dias em atraso"), ("bucket_from", "Faixa de (dias)"),
                     ("bucket_to", "Faixa até (dias)"), ("outstanding", "Saldo devedor (R$)")],
                    debts.Items,
                    d => [d.InvoiceId.ToString(), d.ExternalId, d.PartnerId.ToString(), d.PortfolioCode, d.DebtorId.ToString(), Csv.Date(d.DueDate),
                          Csv.Number(debts.AsOf.DayNumber - d.DueDate.DayNumber), Csv.Number(d.BucketFrom), d.BucketTo is { } to ? Csv.Number(to) : "",
                          Csv.Money(d.OutstandingCents)], ct);
            })
            .AsReport<IEnumerable<AgedDebt>>("AgingDebts");
    }

    private sealed class Row
    {
        public int Bucket { get; init; }
        public long Debts { get; init; }
        public long Cents { get; init; }
    }
}
