using System.Security.Cryptography;
using System.Text;
using Recovery.BuildingBlocks.Data;
using Recovery.BuildingBlocks.Messaging;
using Recovery.Platform.Data;

namespace Recovery.Platform.AuditTrail;

/// <summary>
/// Appends to the hash-chained trail: each entry's hash is SHA-256 over its fields and the previous entry's hash,
/// so changing, inserting or removing an entry breaks every hash after it.
/// </summary>
internal sealed class AuditChain(TimeProvider clock)
{
    public const string Genesis = "0000000000000000000000000000000000000000000000000000000000000000";

    // The last hash under a lock that serialises appenders: SQLite's write transaction is already exclusive;
    // SQL Server needs UPDLOCK + HOLDLOCK on the tail of the chain.
    private const string LastHashSqlite = "SELECT hash FROM platform.audit_entry ORDER BY seq DESC LIMIT 1";
    private const string LastHashSqlServer = "SELECT TOP (1) hash FROM platform.audit_entry WITH (UPDLOCK, HOLDLOCK) ORDER BY seq DESC";

    private const string Insert = """
        INSERT INTO platform.audit_entry
            (id, occurred_at, recorded_at, actor_kind, actor_id, actor_name, actor_role, ip_address, action,
             resource_type, resource_id, outcome, before_state, after_state, prev_hash, hash)
        VALUES
            (@Id, @OccurredAt, @RecordedAt, @ActorKind, @ActorId, @ActorName, @ActorRole, @IpAddress, @Action,
             @ResourceType, @ResourceId, @Outcome, @Before, @After, @PrevHash, @Hash)
        """;

    public async Task AppendAsync(DbSession tx, AuditRecorded e)
    {
        var exists = await tx.ExecuteScalarAsync<int>("SELECT COUNT(*) FROM platform.audit_entry WHERE id = @Id", new { e.Id });
        if (exists > 0) return;
        var last = await tx.ExecuteScalarAsync<string>(tx.Dialect.Provider == DatabaseProvider.SqlServer ? LastHashSqlServer : LastHashSqlite);
        var prev = last?.Trim() ?? Genesis;
        var recordedAt = clock.GetUtcNow();
        var hash = Hash(e, recordedAt, prev);
        await tx.ExecuteAsync(Insert, new
        {
            e.Id, e.OccurredAt, RecordedAt = recordedAt, e.ActorKind, e.ActorId, e.ActorName, e.ActorRole, e.IpAddress, e.Action,
            e.ResourceType, e.ResourceId, e.Outcome, e.Before, e.After, PrevHash = prev, Hash = hash,
        });
    }

    public static string Hash(AuditRecorded e, DateTimeOffset recordedAt, string prevHash)
    {
        const char sep = '\u001f';
        var canonical = string.Join(sep,
            e.Id.ToString("D"), TypeHandlers.FormatInstant(e.OccurredAt), TypeHandlers.FormatInstant(recordedAt),
            e.ActorKind, e.ActorId?.ToString("D") ?? "", e.ActorName, e.ActorRole ?? "", e.IpAddress ?? "", e.Action,
            e.ResourceType ?? "", e.ResourceId ?? "", e.Outcome, e.Before ?? "", e.After ?? "", prevHash);
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(canonical)));
    }
}

/// <summary>Direct appends, each in a transaction of its own.</summary>
internal sealed class PlatformAuditTrail(PlatformDb db, AuditChain chain) : IAuditTrail
{
    public async Task AppendAsync(AuditRecorded entry, CancellationToken ct)
    {
        await using var tx = await db.BeginIndependentAsync(ct);
        await chain.AppendAsync(tx, entry);
        await tx.CommitAsync(ct);
    }
}

/// <summary>Entries that travelled through a module's outbox with the change they describe.</summary>
internal sealed class OnAuditRecorded(PlatformDb db, AuditChain chain) : IEventSubscriber<AuditRecorded>
{
    public async Task HandleAsync(AuditRecorded @event, EventEnvelope envelope, CancellationToken ct)
    {
        await using var tx = await db.BeginAsync(ct);  // the dispatcher's unit of work, with the inbox row
        await chain.AppendAsync(tx, @event);
    }
}
