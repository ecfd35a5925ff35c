using Recovery.Communication.Features.Templates;

namespace Recovery.Communication.Features.Schedules;

/// <summary>A step of a dunning schedule: days from the due date (negative: preventive), channel, template, conditions.</summary>
[SchemaName("SchedulesStep")]
internal sealed record Step(string Key, int OffsetDays, string Channel, string Template, decimal? MinBalance, decimal? MaxBalance, string? Segment) : IScheduleStep
{
    public static readonly string[] Segments = ["consumer", "business"];

    /// <summary>The channels of templates, and <c>negativacao</c>: the notice letter that starts a negativação.</summary>
    public static readonly string[] Channels = [.. Templates.Template.Channels, "negativacao"];
}
