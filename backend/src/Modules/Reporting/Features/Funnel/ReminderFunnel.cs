using Dapper;
using Recovery.BuildingBlocks.Data;
using Recovery.Reporting.Features.Reports;

namespace Recovery.Reporting.Features.Funnel;

/// <summary>
/// The agreement reminders' part of the dunning funnel, over the reminders planned in the period (the day Reporting first
/// heard of each: the dispatcher decides a planned reminder at once, even if only to defer it): per step and channel,
/// planned, sent, delivered, failed, deferred at least once by the contact policy, blocked, cancelled, and paid after the
/// reminder (its installment paid on or after the day it left); and the blocked and cancelled ones by reason.
/// </summary>
internal static class ReminderFunnel
{
    /// <param name="PaidRate">Paid after the reminder ÷ sent.</param>
    internal sealed record Line(string Step, string Channel, long Planned, long Sent, long Delivered, long Failed, long Deferred, long Blocked,
        long Cancelled, long PaidAfterReminder, decimal? PaidRate);

    /// <param name="Status">blocked or cancelled.</param>
    internal sealed record Stop(string Status, string Reason, long Count);

    public static async Task<(IReadOnlyList<Line> Lines, IReadOnlyList<Stop> Stops)> LoadAsync(DbSession session, ReportFilter filter, DateOnly from, DateOnly to)
    {
        var args = new DynamicParameters(new { From = from, To = to });
        var where = (filter with { Agent = null }).Where("a", args);
        var ofAgreement = where.Length == 0 ? "" : $" AND EXISTS (SELECT 1 FROM reporting.agreement a WHERE a.agreement_id = m.agreement_id{where})";
        var rows = await session.QueryAsync<Row>(
            $"""
            SELECT COALESCE(m.step_key, '') AS step, m.channel, COUNT(*) AS planned, SUM(m.sent) AS sent, SUM(m.delivered) AS delivered,
                   SUM(m.failed) AS failed, SUM(m.deferred) AS deferred,
                   SUM(CASE WHEN m.status = 'blocked' THEN 1 ELSE 0 END) AS blocked,
                   SUM(CASE WHEN m.status = 'cancelled' THEN 1 ELSE 0 END) AS cancelled,
                   SUM(CASE WHEN m.sent = 1 AND m.installment_paid_on >= m.sent_on THEN 1 ELSE 0 END) AS paid
              FROM reporting.message m
             WHERE m.agreement_id IS NOT NULL AND m.created_on >= @From AND m.created_on <= @To{ofAgreement}
             GROUP BY COALESCE(m.step_key, ''), m.channel
            """, args);
        var stops = await session.QueryAsync<StopRow>(
            $"""
            SELECT m.status, COALESCE(m.reason, '') AS reason, COUNT(*) AS count
              FROM reporting.message m
             WHERE m.agreement_id IS NOT NULL AND m.status IN ('blocked', 'cancelled') AND m.created_on >= @From AND m.created_on <= @To{ofAgreement}
             GROUP BY m.status, COALESCE(m.reason, '')
            """, args);
        var lines = rows.Select(r => new Line(r.Step, r.Channel, r.Planned, r.Sent, r.Delivered, r.Failed, r.Deferred, r.Blocked, r.Cancelled, r.Paid,
                r.Sent == 0 ? null : Math.Round((decimal)r.Paid / r.Sent, 4)))
            .OrderBy(l => DunningFunnel.StepOrder(l.Step)).ThenBy(l => l.Channel, StringComparer.Ordinal).ToList();
        return (lines, stops.Select(s => new Stop(s.Status, s.Reason, s.Count)).OrderBy(s => s.Status, StringComparer.Ordinal).ThenByDescending(s => s.Count).ThenBy(s => s.Reason, StringComparer.Ordinal).ToList());
    }

    private sealed class StopRow
    {
        public string Status { get; init; } = "";
        public string Reason { get; init; } = "";
        public long Count { get; init; }
    }

    private sealed class Row
    {
        public string Step { get; init; } = "";
        public string Channel { get; init; } = "";
        public long Planned { get; init; }
        public long Sent { get; init; }
        public long Delivered { get; init; }
        public long Failed { get; init; }
        public long Deferred { get; init; }
        public long Blocked { get; init; }
        public long Cancelled { get; init; }
        public long Paid { get; init; }
    }
}
