namespace Recovery.Communication.Features.Messages;

/// <summary>One step in a message's history: what was decided or what happened, when, and why.</summary>
internal sealed class AttemptView
{
    public DateTimeOffset At { get; init; }
    public string Outcome { get; init; } = "";
    public string Detail { get; init; } = "";
}
