namespace Recovery.Communication.Features.Compliance;

/// <summary>Contact rules that a deployment may make stricter (rules.md "Contact"): windows per UF and frequency caps.</summary>
internal sealed class ContactOptions
{
    /// <summary>Per UF, <c>"08:00-20:00"</c> for weekdays and Saturday (empty: none), overriding the defaults.</summary>
    public Dictionary<string, WindowOption> Windows { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Contacts (messages sent, any channel) per debtor in any 7 days.</summary>
    public int MaxPerWeek { get; set; } = 3;

    /// <summary>Attempts per channel per debtor per local day.</summary>
    public int MaxPerChannelPerDay { get; set; } = 1;

    public sealed class WindowOption
    {
        public string? Weekdays { get; set; }
        public string? Saturday { get; set; }
    }
}
