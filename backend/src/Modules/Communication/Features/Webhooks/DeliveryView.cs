namespace Recovery.Communication.Features.Webhooks;

/// <summary>One event's delivery to a partner's webhook and where it stands.</summary>
[SchemaName("WebhooksDeliveryView")]
internal sealed class DeliveryView
{
    public Guid Id { get; init; }
    public Guid EventId { get; init; }
    public string Event { get; init; } = "";
    public string Status { get; init; } = "";
    public int Attempts { get; init; }
    public int? LastStatusCode { get; init; }
    public string? LastError { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset? DeliveredAt { get; init; }
    public DateTimeOffset NextAttemptAt { get; init; }
}
