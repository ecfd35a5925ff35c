namespace Recovery.Communication.Features.Calls;

/// <summary>A phone call in the agents' queue, with the script to follow.</summary>
[SchemaName("QueuesCallView")]
internal sealed class CallView
{
    public Guid MessageId { get; init; }
    public Guid DebtorId { get; init; }
    public Guid? InvoiceId { get; init; }
    public string Phone { get; init; } = "";
    public string Script { get; init; } = "";
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset? DoneAt { get; init; }
    public string? DoneBy { get; init; }
    public string? Outcome { get; init; }
}
