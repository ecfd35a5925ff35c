using Recovery.BuildingBlocks.Data;
using Recovery.Communication.Features.Reminders;

namespace Recovery.Communication.Features.Runs;

/// <summary>
/// The agreement reminders' part of the daily run: every portfolio's reminder schedule in force (the defaults for a
/// portfolio with agreements in force that never saved one), and for each step one set-based statement that queues the
/// reminder for each unpaid installment of an active agreement whose day it is, unless that step was already queued for
/// that installment (a unique index makes it once). A step before or on the due date is never planned after it: a late
/// run does not tell the debtor that an installment "vence hoje" the day after.
/// </summary>
internal static class ReminderPlan
{
    internal sealed record Step(Guid PortfolioId, int Version, string StepKey, int OffsetDays, string Channel, string TemplateCode);

    private const string SavedSteps = """
        SELECT s.portfolio_id, s.version, st.step_key, st.offset_days, st.channel, st.template_code
          FROM communication.reminder_schedule s JOIN communication.reminder_step st ON st.schedule_id = s.id
         WHERE s.version = (SELECT MAX(s2.version) FROM communication.reminder_schedule s2 WHERE s2.portfolio_id = s.portfolio_id)
        """;

    public static async Task<List<Step>> StepsAsync(DbSession session)
    {
        var saved = (await session.QueryAsync<Row>(SavedSteps)).Select(r => new Step(r.PortfolioId, r.Version, r.StepKey, r.OffsetDays, r.Channel, r.TemplateCode));
        var withSchedule = (await session.QueryAsync<Guid>("SELECT DISTINCT portfolio_id FROM communication.reminder_schedule")).ToHashSet();
        var defaults = (await session.QueryAsync<Guid>("SELECT DISTINCT portfolio_id FROM communication.agreement WHERE status = 'active'"))
            .Where(p => !withSchedule.Contains(p))
            .SelectMany(p => ReminderSchedule.Defaults.Select(d => new Step(p, 0, d.Key, d.OffsetDays, d.Channel, d.Template)));
        return saved.Concat(defaults).OrderBy(s => s.PortfolioId).ThenBy(s => s.OffsetDays).ThenBy(s => s.StepKey, StringComparer.Ordinal).ToList();
    }

    public static string Sql(ISqlDialect dialect) => $"""
        INSERT INTO communication.message (id, invoice_id, debtor_id, partner_id, step_key, schedule_version, channel, template_code, status,
                                           not_before, attempts, created_by, created_at, updated_at, agreement_id, installment_number)
        SELECT {dialect.NewId}, NULL, a.debtor_id, a.partner_id, @StepKey, @Version, @Channel, @TemplateCode, 'queued', @Now, 0, 'régua do acordo', @Now, @Now,
               i.agreement_id, i.number
          FROM communication.installment i JOIN communication.agreement a ON a.agreement_id = i.agreement_id
         WHERE a.portfolio_id = @PortfolioId AND a.status = 'active' AND i.status = 'open' AND i.due_date BETWEEN @From AND @To
           AND NOT EXISTS (SELECT 1 FROM communication.hold h
                            WHERE h.debtor_id = a.debtor_id
                              AND (h.invoice_id IS NULL
                                   OR EXISTS (SELECT 1 FROM communication.agreement_debt ad WHERE ad.agreement_id = a.agreement_id AND ad.invoice_id = h.invoice_id)))
           AND NOT EXISTS (SELECT 1 FROM communication.message m
                            WHERE m.agreement_id = i.agreement_id AND m.installment_number = i.number AND m.step_key = @StepKey)
        """;

    public static object Args(Step step, DateOnly today, int catchUpDays, DateTimeOffset now)
    {
        var to = today.AddDays(-step.OffsetDays);
        var from = to.AddDays(-catchUpDays);
        if (step.OffsetDays <= 0 && from < today) from = today;
        return new { step.PortfolioId, step.Version, step.StepKey, step.Channel, step.TemplateCode, From = from, To = to, Now = now };
    }

    private sealed class Row
    {
        public Guid PortfolioId { get; init; }
        public int Version { get; init; }
        public string StepKey { get; init; } = "";
        public int OffsetDays { get; init; }
        public string Channel { get; init; } = "";
        public string TemplateCode { get; init; } = "";
    }
}
