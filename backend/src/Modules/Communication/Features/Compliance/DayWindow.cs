namespace Recovery.Communication.Features.Compliance;

/// <summary>A contact window of one kind of day, local time; null bounds mean no contact that day.</summary>
internal sealed record DayWindow(TimeOnly Start, TimeOnly End);
