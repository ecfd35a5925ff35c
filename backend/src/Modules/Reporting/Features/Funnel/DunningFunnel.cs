using Recovery.BuildingBlocks;
using Dapper;
using Recovery.Reporting.Data;
using Recovery.Reporting.Features.ReadModels;
using Recovery.Reporting.Features.Reports;

namespace Recovery.Reporting.Features.Funnel;

/// <summary>
/// The dunning funnel per schedule step and channel, over the messages that left in the period: sent, delivered,
/// failed, and paid within seven days of the contact (a payment on that debt, or an installment of the debtor's
/// agreement, from the day it left to seven days later). Messages queued by hand have no step ("manual"). The agreement
/// reminders have their own section (<see cref="ReminderFunnel"/>): their steps are the reminder schedule's.
/// </summary>
internal static class DunningFunnel
{
    internal sealed record Query(ReportFilter Filter) : IRequest<Report>, IFilteredQuery;

    /// <param name="PaidRate">Paid within the window ÷ sent.</param>
    internal sealed record Line(string Step, string Channel, long Sent, long Delivered, long Failed, long PaidWithin7Days, decimal? PaidRate);

    internal sealed record Report(DateOnly From, DateOnly To, int PaidWithinDays, IReadOnlyList<Line> Steps,
        IReadOnlyList<ReminderFunnel.Line> Reminders, IReadOnlyList<ReminderFunnel.Stop> RemindersStopped);

    internal sealed class Validator : FilterRules<Query>;

    internal sealed class Handler(ReportingDb db, TimeProvider clock) : IRequestHandler<Query, Report>
    {
        public async Task<Report> Handle(Query query, CancellationToken ct)
        {
            var today = clock.Today();
            var (from, to) = (query.Filter.FromOr(today), query.Filter.ToOr(today));
            var args = new DynamicParameters(new { From = from, To = to });
            var debtWhere = (query.Filter with { Agent = null }).Where("d", args);
            var ofDebt = debtWhere.Length == 0 ? "" : $" AND EXISTS (SELECT 1 FROM reporting.debt d WHERE d.invoice_id = m.invoice_id{debtWhere})";
            await using var session = await db.OpenAsync(ct);
            // The messages followed by a payment within their window, found once by a join and counted per step: SQL Server
            // does not aggregate over a subquery (Msg 130), so no EXISTS inside the SUM.
            var rows = await session.QueryAsync<Row>(
                $"""
                SELECT COALESCE(m.step_key, 'manual') AS step, m.channel, COUNT(*) AS sent, SUM(m.delivered) AS delivered, SUM(m.failed) AS failed,
                       SUM(CASE WHEN p.message_id IS NULL THEN 0 ELSE 1 END) AS paid
                  FROM reporting.message m
                  LEFT JOIN (SELECT DISTINCT pm.message_id
                               FROM reporting.message pm
                               JOIN reporting.collection c ON c.debtor_id = pm.debtor_id AND c.paid_on >= pm.sent_on AND c.paid_on <= pm.window_ends_on
                                                          AND (c.invoice_id = pm.invoice_id OR c.agreement_id IS NOT NULL)
                              WHERE pm.sent = 1 AND pm.sent_on >= @From AND pm.sent_on <= @To AND pm.agreement_id IS NULL) p ON p.message_id = m.message_id
                 WHERE m.sent = 1 AND m.sent_on >= @From AND m.sent_on <= @To AND m.agreement_id IS NULL{ofDebt}
                 GROUP BY COALESCE(m.step_key, 'manual'), m.channel
                """, args);
            var lines = rows.Select(r => new Line(r.Step, r.Channel, r.Sent, r.Delivered, r.Failed, r.Paid, r.Sent == 0 ? null : Math.Round((decimal)r.Paid / r.Sent, 4)))
                .OrderBy(l => StepOrder(l.Step)).ThenBy(l => l.Channel, StringComparer.Ordinal).ToList();
            var (reminders, stopped) = await ReminderFunnel.LoadAsync(session, query.Filter, from, to);
            return new Report(from, to, Projector.PaidWithinDays, lines, reminders, stopped);
        }
    }

    /// <summary>Steps are keyed by their offset from the due date (D-5, D0, D+10 ...): earliest first, manual last.</summary>
    internal static (int, string) StepOrder(string step)
    {
        var offset = step.IndexOfAny(['+', '-']);
        if (offset >= 0 && int.TryParse(step[offset..], out var days)) return (days, step);
        return step.EndsWith('0') && step.Length > 1 && step[..^1].All(char.IsLetter) ? (0, step) : (int.MaxValue, step);
    }

    internal static void Map(RouteGroupBuilder reports) =>
        reports.MapGet("/dunning-funnel", async ([AsParameters] ReportFilter filter, HttpContext http, IMediator mediator, CancellationToken ct) =>
            {
                var report = await mediator.Send(new Query(filter), ct);
                if (!Csv.Wanted(http.Request)) return Results.Ok(report);
                // The CSV keeps its columns (partners read them): the dunning's steps; the reminders are in the JSON.
                return Csv.Stream(filter.Dialect, $"dunning-funnel-{report.From:yyyy-MM-dd}-{report.To:yyyy-MM-dd}.csv",
                    [("step", "Etapa"), ("channel", "Canal"), ("sent", "Enviadas"), ("delivered", "Entregues"), ("failed", "Falhas"),
                     ("paid_within_7_days", "Pagas em até 7 dias"), ("paid_rate", "Taxa de pagamento (%)")], report.Steps,
                    l => [l.Step, l.Channel, Csv.Number(l.Sent), Csv.Number(l.Delivered), Csv.Number(l.Failed), Csv.Number(l.PaidWithin7Days), Csv.Rate(l.PaidRate)], ct);
            })
            .AsReport<Report>("DunningFunnelReport");

    private sealed class Row
    {
        public string Step { get; init; } = "";
        public string Channel { get; init; } = "";
        public long Sent { get; init; }
        public long Delivered { get; init; }
        public long Failed { get; init; }
        public long Paid { get; init; }
    }
}
