using System.Globalization;
using Recovery.BuildingBlocks;

namespace Recovery.Communication.Features.Compliance;

/// <summary>
/// When a debtor may be contacted: the debtor's local time by UF (AC UTC-5; AM, RR, RO, MT, MS UTC-4; the rest
/// UTC-3; Brazil has no daylight saving time since 2019), the state's window, no Sundays, no national holidays
/// (the fixed ones and those that move with Easter).
/// </summary>
internal sealed class ContactCalendar(ContactOptions options)
{
    private static readonly StateWindows Default = new(new(new(8, 0), new(20, 0)), new(new(8, 0), new(14, 0)));

    private static readonly Dictionary<string, StateWindows> Defaults = new(StringComparer.OrdinalIgnoreCase)
    {
        ["SP"] = Default,
        ["RJ"] = new(new(new(9, 0), new(19, 0)), null),   // Lei estadual 7.868/2018
        ["ES"] = new(new(new(8, 0), new(19, 0)), null),   // Lei estadual 10.626/2017
        ["AM"] = new(new(new(8, 0), new(18, 0)), null),
        ["PR"] = new(new(new(8, 0), new(18, 0)), null),
    };

    public static TimeSpan UtcOffset(string? state) => state?.ToUpperInvariant() switch
    {
        "AC" => TimeSpan.FromHours(-5),
        "AM" or "RR" or "RO" or "MT" or "MS" => TimeSpan.FromHours(-4),
        _ => TimeSpan.FromHours(-3),
    };

    public StateWindows WindowsOf(string? state)
    {
        var key = state ?? "";
        var baseline = Defaults.GetValueOrDefault(key, Default);
        if (!options.Windows.TryGetValue(key, out var custom)) return baseline;
        return new StateWindows(
            custom.Weekdays is null ? baseline.Weekdays : Parse(custom.Weekdays) ?? baseline.Weekdays,
            custom.Saturday is null ? baseline.Saturday : Parse(custom.Saturday));
    }

    /// <summary>The first moment at or after <paramref name="at"/> when contact is allowed, and why not at once.</summary>
    public (DateTimeOffset At, string? Reason) NextAllowed(DateTimeOffset at, string? state)
    {
        var offset = UtcOffset(state);
        var local = at.ToOffset(offset);
        var windows = WindowsOf(state);
        string? reason = null;
        for (var day = 0; day < 30; day++)
        {
            var date = DateOnly.FromDateTime(local.DateTime).AddDays(day);
            var window = WindowOf(date, windows, out var closed);
            if (window is null) { reason ??= closed; continue; }
            var start = new DateTimeOffset(date.ToDateTime(window.Start), offset);
            var end = new DateTimeOffset(date.ToDateTime(window.End), offset);
            if (day == 0 && local >= end) { reason ??= $"fora do horário permitido ({StateName(state)}: até {window.End:HH\\:mm})"; continue; }
            if (day == 0 && local >= start) return (at, reason);
            reason ??= $"fora do horário permitido ({StateName(state)}: a partir de {window.Start:HH\\:mm})";
            return (start, reason);
        }
        throw new InvalidOperationException("No contact window in 30 days: check the configured windows.");
    }

    private static DayWindow? WindowOf(DateOnly date, StateWindows windows, out string closed)
    {
        closed = "";
        if (Holidays.Name(date) is { } holiday) { closed = $"feriado nacional ({holiday})"; return null; }
        switch (date.DayOfWeek)
        {
            case DayOfWeek.Sunday: closed = "domingo"; return null;
            case DayOfWeek.Saturday when windows.Saturday is null: closed = "sábado sem horário permitido"; return null;
            case DayOfWeek.Saturday: return windows.Saturday;
            default: return windows.Weekdays;
        }
    }

    private static string StateName(string? state) => string.IsNullOrEmpty(state) ? "UF desconhecida" : state.ToUpperInvariant();

    private static DayWindow? Parse(string text)
    {
        if (string.IsNullOrWhiteSpace(text)) return null;
        var parts = text.Split('-', StringSplitOptions.TrimEntries);
        return new DayWindow(TimeOnly.Parse(parts[0], CultureInfo.InvariantCulture), TimeOnly.Parse(parts[1], CultureInfo.InvariantCulture));
    }
}
