using Dapper;
using Recovery.BuildingBlocks;
using Recovery.Reporting.Data;
using Recovery.Reporting.Features.Reports;

namespace Recovery.Reporting.Features.Negativacao;

/// <summary>
/// Negativação in the period: notices sent, registrations, removals (and how many came after the five business days of
/// STJ Súmula 548); and, as of today, the removals pending (registered debts that were paid, agreed or cancelled and are
/// still at the bureau), late when past five business days. The CSV lists the pending removals, the ones to chase.
/// </summary>
internal static class NegativacaoReport
{
    private const int RemovalBusinessDays = 5;

    internal sealed record Query(ReportFilter Filter) : IRequest<Report>, IFilteredQuery;

    internal sealed record Pending(Guid NegativacaoId, Guid InvoiceId, string ExternalId, DateOnly? RegisteredOn, DateOnly LeftOpenOn, string DebtStatus,
        DateOnly RemovalDueOn, bool Late);

    internal sealed record Report(DateOnly From, DateOnly To, long Notices, long Registrations, long Removals, long RemovalsLate,
        long PendingRemovals, long PendingLate, IReadOnlyList<Pending> PendingItems);

    internal sealed class Validator : FilterRules<Query>;

    internal sealed class Handler(ReportingDb db, TimeProvider clock) : IRequestHandler<Query, Report>
    {
        public async Task<Report> Handle(Query query, CancellationToken ct)
        {
            var today = clock.Today();
            var (from, to) = (query.Filter.FromOr(today), query.Filter.ToOr(today));
            var args = new DynamicParameters(new { From = from, To = to });
            var where = (query.Filter with { Agent = null }).Where("d", args);
            await using var session = await db.OpenAsync(ct);
            var counts = await session.QuerySingleOrDefaultAsync<Counts>(
                $"""
                SELECT SUM(CASE WHEN n.notified_on >= @From AND n.notified_on <= @To THEN 1 ELSE 0 END) AS notices,
                       SUM(CASE WHEN n.registered_on >= @From AND n.registered_on <= @To THEN 1 ELSE 0 END) AS registrations,
                       SUM(CASE WHEN n.removed_on >= @From AND n.removed_on <= @To THEN 1 ELSE 0 END) AS removals,
                       SUM(CASE WHEN n.removed_on >= @From AND n.removed_on <= @To AND n.removed_late = 1 THEN 1 ELSE 0 END) AS removals_late
                  FROM reporting.negativacao n JOIN reporting.debt d ON d.invoice_id = n.invoice_id
                 WHERE 1 = 1{where}
                """, args);
            var pending = (await session.QueryAsync<PendingRow>(
                $"""
                SELECT n.negativacao_id, n.invoice_id, d.external_id, n.registered_on, d.left_open_on, d.status AS debt_status
                  FROM reporting.negativacao n JOIN reporting.debt d ON d.invoice_id = n.invoice_id
                 WHERE n.status = 'registered' AND d.status IN ('paid', 'in_agreement', 'cancelled', 'prescribed') AND d.left_open_on IS NOT NULL{where}
                 ORDER BY d.left_open_on, n.negativacao_id
                """, args))
                .Select(r =>
                {
                    var due = Holidays.AddBusinessDays(r.LeftOpenOn, RemovalBusinessDays);
                    return new Pending(r.NegativacaoId, r.InvoiceId, r.ExternalId, r.RegisteredOn, r.LeftOpenOn, r.DebtStatus, due, today > due);
                }).ToList();
            return new Report(from, to, counts?.Notices ?? 0, counts?.Registrations ?? 0, counts?.Removals ?? 0, counts?.RemovalsLate ?? 0,
                pending.Count, pending.Count(p => p.Late), pending);
        }
    }

    internal static void Map(RouteGroupBuilder reports) =>
        reports.MapGet("/negativacao", async ([AsParameters] ReportFilter filter, HttpContext http, IMediator mediator, CancellationToken ct) =>
            {
                var report = await mediator.Send(new Query(filter), ct);
                if (!Csv.Wanted(http.Request)) return Results.Ok(report);
                return Csv.Stream(filter.Dialect, $"negativacao-pending-removals-{report.To:yyyy-MM-dd}.csv",
                    [("negativacao_id", "Id da negativação"), ("invoice_id", "Id da dívida"), ("external_id", "Contrato"), ("registered_on", "Negativada em"),
                     ("debt_status", "Situação da dívida"), ("left_open_on", "Quitada ou acordada em"), ("removal_due_on", "Baixa devida até"),
                     ("late", "Atrasada")], report.PendingItems,
                    p => [p.NegativacaoId.ToString(), p.InvoiceId.ToString(), p.ExternalId, Csv.Date(p.RegisteredOn), p.DebtStatus, Csv.Date(p.LeftOpenOn),
                          Csv.Date(p.RemovalDueOn), Csv.Flag(p.Late)], ct);
            })
            .AsReport<Report>("NegativacaoReport");

    private sealed class Counts
    {
        public long? Notices { get; init; }
        public long? Registrations { get; init; }
        public long? Removals { get; init; }
        public long? RemovalsLate { get; init; }
    }

    private sealed class PendingRow
    {
        public Guid NegativacaoId { get; init; }
        public Guid InvoiceId { get; init; }
        public string ExternalId { get; init; } = "";
        public DateOnly? RegisteredOn { get; init; }
        public DateOnly LeftOpenOn { get; init; }
        public string DebtStatus { get; init; } = "";
    }
}
