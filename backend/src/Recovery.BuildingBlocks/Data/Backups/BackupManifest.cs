using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Recovery.BuildingBlocks.Data.Backups;

/// <summary>One file of a backup: its path inside the backup, its size and its SHA-256.</summary>
public sealed record BackupFile(string Path, long Bytes, string Sha256);

/// <summary>
/// What a backup holds, written beside its files as <c>manifest.json</c>: every file with its size and SHA-256, the
/// migrations applied in each schema at the backup's point, and when that point was; how long the whole backup took
/// and how long writers were held while the snapshots were pinned. A restore checks the files and the migrations.
/// </summary>
public sealed record BackupManifest(
    string Format,
    string Name,
    DateTimeOffset TakenAt,
    double ElapsedMs,
    double WritersHeldMs,
    long TotalBytes,
    IReadOnlyList<BackupFile> Files,
    IReadOnlyDictionary<string, IReadOnlyList<string>> Migrations)
{
    public const string CurrentFormat = "recovery-backup/1";
    public const string FileName = "manifest.json";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public async Task WriteAsync(string directory, CancellationToken ct)
    {
        await using var stream = File.Create(System.IO.Path.Combine(directory, FileName));
        await JsonSerializer.SerializeAsync(stream, this, Json, ct);
    }

    /// <summary>The manifest of a backup directory; a refusal when there is none or it cannot be read.</summary>
    public static BackupManifest Read(string directory)
    {
        var path = System.IO.Path.Combine(directory, FileName);
        if (!File.Exists(path)) throw new BackupRefusedException($"{path} does not exist: not a backup directory.");
        BackupManifest? manifest;
        try { manifest = JsonSerializer.Deserialize<BackupManifest>(File.ReadAllText(path), Json); }
        catch (JsonException ex) { throw new BackupRefusedException($"{path} cannot be read: {ex.Message}"); }
        if (manifest is null || manifest.Format != CurrentFormat)
            throw new BackupRefusedException($"{path} is not a manifest of format {CurrentFormat}.");
        return manifest;
    }

    public static async Task<BackupFile> DescribeAsync(string root, string relativePath, CancellationToken ct)
    {
        var full = System.IO.Path.Combine(root, relativePath);
        await using var stream = File.OpenRead(full);
        var hash = await SHA256.HashDataAsync(stream, ct);
        return new BackupFile(relativePath.Replace('\\', '/'), stream.Length, Convert.ToHexStringLower(hash));
    }
}

/// <summary>A backup that cannot be taken or restored, with the reason an operator needs.</summary>
public sealed class BackupRefusedException(string message) : Exception(message);

/// <summary>Bound from the <c>Backups</c> configuration section.</summary>
public sealed class BackupOptions
{
    /// <summary>Where the administrators' endpoint puts backups, one directory each; default <c>./backups</c>.</summary>
    public string Directory { get; set; } = "backups";
}
