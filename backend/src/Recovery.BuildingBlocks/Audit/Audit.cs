namespace Recovery.BuildingBlocks.Audit;

/// <summary>
/// One audit entry, written to the outbox of the schema whose change it describes, in the same transaction, and
/// appended to the hash-chained trail by the platform. Nothing changes without its entry; no entry is appended twice.
/// </summary>
public sealed record AuditRecorded(
    Guid Id,
    DateTimeOffset OccurredAt,
    string ActorKind,
    Guid? ActorId,
    string ActorName,
    string? ActorRole,
    string? IpAddress,
    string Action,
    string? ResourceType,
    string? ResourceId,
    string Outcome,
    string? Before,
    string? After);

/// <summary>Appends entries to the trail directly (outcomes of commands that changed nothing, sign-in events).</summary>
public interface IAuditTrail
{
    Task AppendAsync(AuditRecorded entry, CancellationToken ct);
}

/// <summary>What a handler tells the audit about its command: the resource it touched, and before/after where it applies.</summary>
public sealed class AuditContext
{
    public string? ResourceType { get; private set; }
    public string? ResourceId { get; private set; }
    public object? Before { get; private set; }
    public object? After { get; private set; }

    public void Describe(string resourceType, object? resourceId, object? before = null, object? after = null)
    {
        ResourceType = resourceType;
        ResourceId = resourceId?.ToString();
        Before = before;
        After = after;
    }
}
