using Recovery.Communication.Features.Templates;

namespace Recovery.Communication.Features.Schedules;

/// <summary>
/// A step of a dunning schedule: days from the due date (negative: preventive), channel, template, conditions.
/// <paramref name="AssignmentNotice"/> marks the notice of a purchased portfolio's assignment (Civil Code art. 290): on such
/// a portfolio no other step goes to a debt before its notice was sent (ADR 0028).
/// </summary>
[SchemaName("SchedulesStep")]
internal sealed record Step(string Key, int OffsetDays, string Channel, string Template, decimal? MinBalance, decimal? MaxBalance, string? Segment,
    bool? AssignmentNotice = null) : IScheduleStep
{
    public static readonly string[] Segments = ["consumer", "business"];

    /// <summary>The channels of templates, and <c>negativacao</c>: the notice letter that starts a negativação.</summary>
    public static readonly string[] Channels = [.. Templates.Template.Channels, "negativacao"];
}
