using Recovery.BuildingBlocks;
using Recovery.BuildingBlocks.Data;

namespace Recovery.Communication.Features.Schedules;

/// <summary>
/// The dunning schedule (régua de cobrança) of a portfolio, versioned: a save adds a version; the latest is in force.
/// </summary>
[SchemaName("SchedulesSchedule")]
internal sealed record Schedule(Guid PortfolioId, int Version, IReadOnlyList<Step> Steps, string? CreatedBy, DateTimeOffset? CreatedAt)
{
    /// <summary>The schedule in force: the latest version, or version 0 without steps.</summary>
    public static async Task<Schedule> CurrentAsync(DbSession session, Guid portfolioId)
    {
        var head = await session.QuerySingleOrDefaultAsync<HeadRow>(
            session.Dialect.Limit("SELECT id, version, created_by, created_at FROM communication.schedule WHERE portfolio_id = @PortfolioId ORDER BY version DESC", "1"),
            new { PortfolioId = portfolioId });
        if (head is null) return new Schedule(portfolioId, 0, [], null, null);
        var steps = await session.QueryAsync<StepRow>(
            "SELECT step_key, offset_days, channel, template_code, min_cents, max_cents, segment, assignment_notice FROM communication.schedule_step WHERE schedule_id = @Id ORDER BY offset_days, step_key",
            new { head.Id });
        return new Schedule(portfolioId, head.Version, steps.Select(s => new Step(s.StepKey, s.OffsetDays, s.Channel, s.TemplateCode,
            s.MinCents is { } min ? Money.ToReais(min) : null, s.MaxCents is { } max ? Money.ToReais(max) : null, s.Segment,
            s.AssignmentNotice ? true : null)).ToList(), head.CreatedBy, head.CreatedAt);
    }

    private sealed class HeadRow
    {
        public Guid Id { get; init; }
        public int Version { get; init; }
        public string CreatedBy { get; init; } = "";
        public DateTimeOffset CreatedAt { get; init; }
    }

    private sealed class StepRow
    {
        public string StepKey { get; init; } = "";
        public int OffsetDays { get; init; }
        public string Channel { get; init; } = "";
        public string TemplateCode { get; init; } = "";
        public long? MinCents { get; init; }
        public long? MaxCents { get; init; }
        public string? Segment { get; init; }
        public bool AssignmentNotice { get; init; }
    }
}
