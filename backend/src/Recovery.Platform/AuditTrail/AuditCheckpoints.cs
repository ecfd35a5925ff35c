using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Recovery.BuildingBlocks.Data;
using Recovery.BuildingBlocks.Messaging;
using Recovery.Platform.Data;

namespace Recovery.Platform.AuditTrail;

/// <summary>A signed record of the chain's head: how many entries it had, and the last one's sequence and hash.</summary>
internal sealed class AuditCheckpoint
{
    public long Seq { get; init; }
    public DateTimeOffset TakenAt { get; init; }
    public long Entries { get; init; }
    public long HeadSeq { get; init; }
    public string HeadHash { get; init; } = "";
    public string KeyId { get; init; } = "";
    public string Signature { get; init; } = "";

    /// <summary>What the signature covers, one field a line.</summary>
    public static string Canonical(DateTimeOffset takenAt, long entries, long headSeq, string headHash, string keyId) =>
        $"recovery-audit-checkpoint/1\n{TypeHandlers.FormatInstant(takenAt)}\n{entries}\n{headSeq}\n{headHash}\n{keyId}";
}

/// <summary>
/// The key that signs checkpoints (HMAC-SHA256, ADR 0015), kept outside the database so that whoever can write the
/// database cannot forge a checkpoint: <c>Audit:CheckpointKey</c> (base64, at least 32 bytes; from the secret store in
/// production), or else a key generated once into <c>audit-checkpoint.key</c> in the Data Protection keys directory.
/// </summary>
internal sealed class AuditCheckpointKey
{
    public const string FileName = "audit-checkpoint.key";
    private readonly Lazy<byte[]> _key;

    public AuditCheckpointKey(IConfiguration config, IOptions<DatabaseOptions> database)
    {
        _key = new Lazy<byte[]>(() =>
        {
            if (config["Audit:CheckpointKey"] is { Length: > 0 } configured)
            {
                var bytes = Convert.FromBase64String(configured);
                if (bytes.Length < 32) throw new InvalidOperationException("Audit:CheckpointKey must be at least 32 bytes, in base64.");
                return bytes;
            }
            var directory = config["DataProtection:KeysDirectory"] ?? Path.Combine(database.Value.DataDirectory, "keys");
            return FromFile(Path.Combine(directory, FileName));
        });
    }

    /// <summary>Names the key without revealing it, so a checkpoint signed under another key says so.</summary>
    public string Id => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes("recovery-audit-checkpoint-key:" + Convert.ToBase64String(_key.Value))))[..16];

    public string Sign(string canonical) => Convert.ToHexStringLower(HMACSHA256.HashData(_key.Value, Encoding.UTF8.GetBytes(canonical)));

    public bool Verifies(AuditCheckpoint c) =>
        CryptographicOperations.FixedTimeEquals(
            Encoding.ASCII.GetBytes(Sign(AuditCheckpoint.Canonical(c.TakenAt, c.Entries, c.HeadSeq, c.HeadHash.Trim(), c.KeyId.Trim()))),
            Encoding.ASCII.GetBytes(c.Signature.Trim()));

    private static byte[] FromFile(string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        try
        {
            var key = RandomNumberGenerator.GetBytes(32);
            var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
            if (!OperatingSystem.IsWindows()) options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
            using (var stream = new FileStream(path, options))
            using (var writer = new StreamWriter(stream)) writer.Write(Convert.ToBase64String(key));
            return key;
        }
        catch (IOException) when (File.Exists(path))
        {
            return Convert.FromBase64String(File.ReadAllText(path).Trim());  // made before, here or by another instance
        }
    }
}

/// <summary>
/// Checkpoints the audit chain's head once a day (<c>Audit:CheckpointInterval</c>), on one instance, so that removing
/// entries from the end of the chain is found by the verification (ADR 0015). Nothing is written while the chain is
/// empty or has not grown since the last checkpoint.
/// </summary>
internal sealed class AuditCheckpointJob(IServiceProvider services, AuditCheckpointKey key, Leases leases, TimeProvider clock,
    IConfiguration config, ILogger<AuditCheckpointJob> logger) : LeasedJob(leases, clock, logger)
{
    protected override string Schema => PlatformDb.Name;
    public override string LeaseName => "audit-checkpoint";
    protected override TimeSpan Interval => config.GetValue<TimeSpan?>("Audit:CheckpointInterval") ?? TimeSpan.FromDays(1);

    // The tail under the appenders' lock (see AuditChain), then the count up to it.
    private const string HeadSqlite = "SELECT seq, hash FROM platform.audit_entry ORDER BY seq DESC LIMIT 1";
    private const string HeadSqlServer = "SELECT TOP (1) seq, hash FROM platform.audit_entry WITH (UPDLOCK, HOLDLOCK) ORDER BY seq DESC";
    private const string CountUpTo = "SELECT COUNT(*) FROM platform.audit_entry WHERE seq <= @Seq";
    private const string LastEntries = "SELECT MAX(entries) FROM platform.audit_checkpoint";
    private const string Insert = """
        INSERT INTO platform.audit_checkpoint (taken_at, entries, head_seq, head_hash, key_id, signature)
        VALUES (@TakenAt, @Entries, @HeadSeq, @HeadHash, @KeyId, @Signature)
        """;

    protected override async Task<string> RunOnceAsync(CancellationToken ct)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PlatformDb>();
        await using var tx = await db.BeginIndependentAsync(ct);
        var head = await tx.QueryFirstOrDefaultAsync<Head>(db.Database.IsSqlServer ? HeadSqlServer : HeadSqlite);
        if (head is null) return "";
        var entries = await tx.ExecuteScalarAsync<long>(CountUpTo, new { head.Seq });
        if (await tx.QueryFirstOrDefaultAsync<long?>(LastEntries) == entries) return "";
        var takenAt = clock.GetUtcNow();
        var hash = head.Hash.Trim();
        await tx.ExecuteAsync(Insert, new
        {
            TakenAt = takenAt, Entries = entries, HeadSeq = head.Seq, HeadHash = hash, KeyId = key.Id,
            Signature = key.Sign(AuditCheckpoint.Canonical(takenAt, entries, head.Seq, hash, key.Id)),
        });
        await tx.CommitAsync(ct);
        return $"audit chain checkpointed at {entries} entries (head {hash})";
    }

    private sealed class Head
    {
        public long Seq { get; init; }
        public string Hash { get; init; } = "";
    }
}
