namespace Recovery.Communication.Features.Negativacao;

/// <summary>The negativação settings (section <c>Communication:Negativacao</c>): the notice period, removal deadline, the bureau.</summary>
internal sealed class NegativacaoOptions
{
    /// <summary>Days between the notice and the registration (default 10).</summary>
    public int NoticeDays { get; set; } = 10;

    /// <summary>Per UF, when a state asks for longer.</summary>
    public Dictionary<string, int> NoticeDaysByState { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Business days to remove after payment or agreement (STJ Súmula 548).</summary>
    public int RemovalBusinessDays { get; set; } = 5;

    public TimeSpan Interval { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>The bureau's HTTP endpoint; without it, files in <see cref="Directory"/> (the documented layout).</summary>
    public string? BureauUrl { get; set; }
    public string? BureauToken { get; set; }

    /// <summary>Where the file adapter writes; default <c>$RECOVERY_DATA_DIR/bureau</c>.</summary>
    public string? Directory { get; set; }

    public int NoticeDaysFor(string? state) => state is not null && NoticeDaysByState.TryGetValue(state, out var days) ? days : NoticeDays;
}
