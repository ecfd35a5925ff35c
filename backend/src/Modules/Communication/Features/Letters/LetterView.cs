namespace Recovery.Communication.Features.Letters;

/// <summary>A letter in the print queue (or printed and posted).</summary>
[SchemaName("QueuesLetterView")]
internal sealed class LetterView
{
    public Guid MessageId { get; init; }
    public Guid DebtorId { get; init; }
    public string Addressee { get; init; } = "";
    public string Address { get; init; } = "";
    public DateTimeOffset QueuedAt { get; init; }
    public DateTimeOffset? PrintedAt { get; init; }
    public string? PrintedBy { get; init; }
}
