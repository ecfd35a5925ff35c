namespace Recovery.BuildingBlocks;

/// <summary>Business dates are Brazilian dates: "today" is today in Brasília, whatever the server's zone.</summary>
public static class BusinessDate
{
    public static readonly TimeZoneInfo Brasilia = TimeZoneInfo.FindSystemTimeZoneById("America/Sao_Paulo");

    public static DateOnly Today(this TimeProvider clock) => Of(clock.GetUtcNow());

    /// <summary>The Brazilian date of an instant.</summary>
    public static DateOnly Of(DateTimeOffset instant) => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(instant, Brasilia).DateTime);
}
