using Recovery.BuildingBlocks.Data;

namespace Recovery.Communication.Features.Reminders;

/// <summary>
/// The agreement reminder schedule (régua do acordo) of a portfolio, versioned like the dunning schedule: a save adds a
/// version and the latest is in force. A portfolio that never saved one has version 0 with the default steps
/// (<see cref="Defaults"/>, <see cref="IsDefault"/> true); a saved empty list stops its reminders.
/// </summary>
[SchemaName("AgreementReminders")]
internal sealed record ReminderSchedule(Guid PortfolioId, int Version, bool IsDefault, IReadOnlyList<ReminderStep> Steps, string? CreatedBy, DateTimeOffset? CreatedAt)
{
    /// <summary>Three days before each installment, on its day, the day after and five days after, by e-mail (templates of migration 0006).</summary>
    public static readonly IReadOnlyList<ReminderStep> Defaults =
    [
        new("D-3", -3, "email", "acordo-lembrete-antes"),
        new("D0", 0, "email", "acordo-lembrete-hoje"),
        new("D+1", 1, "email", "acordo-lembrete-atraso"),
        new("D+5", 5, "email", "acordo-lembrete-atraso"),
    ];

    public static async Task<ReminderSchedule> CurrentAsync(DbSession session, Guid portfolioId)
    {
        var head = await session.QuerySingleOrDefaultAsync<HeadRow>(
            session.Dialect.Limit("SELECT id, version, created_by, created_at FROM communication.reminder_schedule WHERE portfolio_id = @PortfolioId ORDER BY version DESC", "1"),
            new { PortfolioId = portfolioId });
        if (head is null) return new ReminderSchedule(portfolioId, 0, true, Defaults, null, null);
        var steps = await session.QueryAsync<StepRow>(
            "SELECT step_key, offset_days, channel, template_code FROM communication.reminder_step WHERE schedule_id = @Id ORDER BY offset_days, step_key",
            new { head.Id });
        return new ReminderSchedule(portfolioId, head.Version, false,
            steps.Select(s => new ReminderStep(s.StepKey, s.OffsetDays, s.Channel, s.TemplateCode)).ToList(), head.CreatedBy, head.CreatedAt);
    }

    private sealed class HeadRow
    {
        public Guid Id { get; init; }
        public int Version { get; init; }
        public string CreatedBy { get; init; } = "";
        public DateTimeOffset CreatedAt { get; init; }
    }

    internal sealed class StepRow
    {
        public string StepKey { get; init; } = "";
        public int OffsetDays { get; init; }
        public string Channel { get; init; } = "";
        public string TemplateCode { get; init; } = "";
    }
}
