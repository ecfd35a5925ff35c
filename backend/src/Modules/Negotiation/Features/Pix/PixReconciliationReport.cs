using Recovery.BuildingBlocks;
using Recovery.Negotiation.Data;

namespace Recovery.Negotiation.Features.Pix;

/// <summary>
/// Pix received against Pix matched, per day (the Pix's own day in Brasília): how many and how much the PSP reported,
/// how much of it paid an installment, what no installment claims, and how many repeated notifications were ignored.
/// JSON for programs; <c>format=csv</c> (or <c>Accept: text/csv</c>) gives a spreadsheet in the CSV dialect asked for
/// (pt-BR for people by default, <c>dialect=en</c> for machines), the totals on its last line.
/// </summary>
internal static class PixReconciliationReport
{
    internal sealed record Query(DateOnly? From, DateOnly? To) : IRequest<Report>;

    internal sealed record Day(DateOnly Date, int Received, decimal ReceivedAmount, int Matched, decimal MatchedAmount, int Unmatched,
        decimal UnmatchedAmount, int Duplicates);

    internal sealed record Totals(int Received, decimal ReceivedAmount, int Matched, decimal MatchedAmount, int Unmatched, decimal UnmatchedAmount,
        int Duplicates);

    internal sealed record Report(DateOnly From, DateOnly To, IReadOnlyList<Day> Days, Totals Total);

    internal sealed class Validator : AbstractValidator<Query>
    {
        public Validator()
        {
            RuleFor(q => q.From).Must(Plausible).WithMessage("from is a date from 2000 to 2999", "a data inicial deve estar entre 2000 e 2999");
            RuleFor(q => q.To).Must(Plausible).WithMessage("to is a date from 2000 to 2999", "a data final deve estar entre 2000 e 2999");
            RuleFor(q => q.To).Must((q, to) => q.From is null || to is null || q.From <= to).WithMessage("from must not be after to", "a data inicial deve ser anterior à final");
            RuleFor(q => q.To).Must((q, to) => q.From is null || to is null || to.Value.DayNumber - q.From.Value.DayNumber <= 366)
                .WithMessage("at most 366 days at a time", "no máximo 366 dias por vez");
        }
    }

    private static bool Plausible(DateOnly? d) => d is null || d.Value.Year is >= 2000 and <= 2999;

    internal sealed class Handler(NegotiationDb db, TimeProvider clock) : IRequestHandler<Query, Report>
    {
        public async Task<Report> Handle(Query query, CancellationToken ct)
        {
            var to = query.To ?? clock.Today();
            var from = query.From ?? to.AddDays(-30);
            await using var session = await db.OpenAsync(ct);
            var days = (await session.QueryAsync<Row>(
                """
                SELECT business_date AS date, COUNT(*) AS received, SUM(amount_cents) AS received_cents,
                       SUM(CASE WHEN outcome = 'matched' THEN 1 ELSE 0 END) AS matched,
                       SUM(CASE WHEN outcome = 'matched' THEN amount_cents ELSE 0 END) AS matched_cents,
                       SUM(repeats) AS duplicates
                  FROM negotiation.pix_received WHERE business_date >= @From AND business_date <= @To
                 GROUP BY business_date ORDER BY business_date
                """, new { From = from, To = to }))
                .Select(r => new Day(r.Date, r.Received, Money.ToReais(r.ReceivedCents), r.Matched, Money.ToReais(r.MatchedCents),
                    r.Received - r.Matched, Money.ToReais(r.ReceivedCents - r.MatchedCents), r.Duplicates)).ToList();
            return new Report(from, to, days, new Totals(days.Sum(d => d.Received), days.Sum(d => d.ReceivedAmount), days.Sum(d => d.Matched),
                days.Sum(d => d.MatchedAmount), days.Sum(d => d.Unmatched), days.Sum(d => d.UnmatchedAmount), days.Sum(d => d.Duplicates)));
        }
    }

    private static readonly CsvColumn[] Columns =
    [
        ("date", "Data"), ("received", "Pix recebidos"), ("received_amount", "Valor recebido (R$)"), ("matched", "Conciliados"),
        ("matched_amount", "Valor conciliado (R$)"), ("unmatched", "Não conciliados"), ("unmatched_amount", "Valor não conciliado (R$)"),
        ("duplicates", "Duplicados ignorados"),
    ];

    /// <summary>One line per day and the totals last, in the dialect asked for (pt-BR for people by default).</summary>
    private static IEnumerable<CsvCell> Line((CsvCell Label, Totals Values) line) =>
    [
        line.Label, Csv.Number(line.Values.Received), Csv.Money(line.Values.ReceivedAmount), Csv.Number(line.Values.Matched),
        Csv.Money(line.Values.MatchedAmount), Csv.Number(line.Values.Unmatched), Csv.Money(line.Values.UnmatchedAmount),
        Csv.Number(line.Values.Duplicates),
    ];

    internal static void Map(RouteGroupBuilder reports) =>
        reports.MapGet("/pix-reconciliation", async (DateOnly? from, DateOnly? to, string? format, string? dialect, HttpContext http,
                IMediator mediator, CancellationToken ct) =>
            {
                var report = await mediator.Send(new Query(from, to), ct);
                if (format != "csv" && !Csv.Wanted(http.Request)) return Results.Ok(report);
                var lines = report.Days
                    .Select(d => (Csv.Date(d.Date), new Totals(d.Received, d.ReceivedAmount, d.Matched, d.MatchedAmount, d.Unmatched, d.UnmatchedAmount, d.Duplicates)))
                    .Append(("Total", report.Total));
                return Csv.Stream(dialect, $"conciliacao-pix-{report.From:yyyy-MM-dd}-{report.To:yyyy-MM-dd}.csv", Columns, lines, Line, ct);
            })
            .WithName("PixReconciliationReport")
            .WithSummary("Pix received and matched to installments, per day; format=csv for a pt-BR spreadsheet")
            .RequireAuthorization(Policies.Supervisor)
            .Produces<Report>(200, "application/json", "text/csv")
            .ProducesValidationProblem();

    private sealed class Row
    {
        public DateOnly Date { get; init; }
        public int Received { get; init; }
        public long ReceivedCents { get; init; }
        public int Matched { get; init; }
        public long MatchedCents { get; init; }
        public int Duplicates { get; init; }
    }
}
