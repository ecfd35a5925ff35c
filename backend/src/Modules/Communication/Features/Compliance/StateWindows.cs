namespace Recovery.Communication.Features.Compliance;

/// <summary>The contact windows of a state (UF): weekdays and Saturdays; Sundays and national holidays never.</summary>
internal sealed record StateWindows(DayWindow Weekdays, DayWindow? Saturday);
