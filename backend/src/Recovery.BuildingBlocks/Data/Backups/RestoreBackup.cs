namespace Recovery.BuildingBlocks.Data.Backups;

/// <summary>
/// Puts a backup's files into a data directory, after checking every file against the manifest (size and SHA-256)
/// and that this version of the product knows every migration the backup had applied. Refuses a data directory that
/// holds anything unless forced; the product must be stopped while it runs. On the next start the migration runner
/// brings the files up to this version.
/// </summary>
public static class RestoreBackup
{
    /// <summary>Restores; returns the manifest it restored. <paramref name="plans"/>: every schema's migrations in this version.</summary>
    public static async Task<BackupManifest> RunAsync(string backupDirectory, string dataDirectory, bool force,
        IReadOnlyDictionary<string, IReadOnlyList<string>> plans, CancellationToken ct = default)
    {
        backupDirectory = Path.GetFullPath(backupDirectory);
        dataDirectory = Path.GetFullPath(dataDirectory);
        var manifest = BackupManifest.Read(backupDirectory);
        await CheckFilesAsync(backupDirectory, manifest, ct);
        CheckMigrations(manifest, plans);

        Directory.CreateDirectory(dataDirectory);
        if (Directory.EnumerateFileSystemEntries(dataDirectory).Any())
        {
            if (!force)
                throw new BackupRefusedException($"{dataDirectory} is not empty. Restore into an empty directory, or add --force to replace its files.");
            Clear(dataDirectory, manifest);
        }

        foreach (var file in manifest.Files)
        {
            var target = Path.Combine(dataDirectory, file.Path);
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            var temporary = target + ".restoring";
            File.Copy(Path.Combine(backupDirectory, file.Path), temporary, overwrite: true);
            File.Move(temporary, target, overwrite: true);
        }
        return manifest;
    }

    private static async Task CheckFilesAsync(string backupDirectory, BackupManifest manifest, CancellationToken ct)
    {
        if (manifest.Files.Count == 0) throw new BackupRefusedException("The manifest lists no file.");
        foreach (var file in manifest.Files)
        {
            var path = Path.GetFullPath(Path.Combine(backupDirectory, file.Path));
            if (!path.StartsWith(backupDirectory + Path.DirectorySeparatorChar, StringComparison.Ordinal))
                throw new BackupRefusedException($"The manifest names a file outside the backup: {file.Path}.");
            if (!File.Exists(path)) throw new BackupRefusedException($"{file.Path} is in the manifest but not in the backup.");
            var actual = await BackupManifest.DescribeAsync(backupDirectory, file.Path, ct);
            if (actual.Bytes != file.Bytes || actual.Sha256 != file.Sha256)
                throw new BackupRefusedException(
                    $"{file.Path} does not match the manifest (SHA-256 {actual.Sha256}, {actual.Bytes} bytes; expected {file.Sha256}, {file.Bytes} bytes): the backup is damaged or was changed.");
        }
    }

    private static void CheckMigrations(BackupManifest manifest, IReadOnlyDictionary<string, IReadOnlyList<string>> plans)
    {
        foreach (var (schema, applied) in manifest.Migrations)
        {
            if (!plans.TryGetValue(schema, out var plan))
                throw new BackupRefusedException($"The backup holds the schema '{schema}', which this version does not have.");
            var unknown = applied.Where(m => !plan.Contains(m)).ToList();
            if (unknown.Count > 0)
                throw new BackupRefusedException(
                    $"The backup's '{schema}' has migrations this version does not know ({string.Join(", ", unknown)}): restore it with the version that took it, or a newer one.");
        }
    }

    /// <summary>Removes what the restore replaces: the schema files with their WAL and shared-memory files, and the keys.</summary>
    private static void Clear(string dataDirectory, BackupManifest manifest)
    {
        foreach (var db in Directory.EnumerateFiles(dataDirectory, "*.db"))
            foreach (var suffix in new[] { "", "-wal", "-shm", "-journal" })
                File.Delete(db + suffix);
        foreach (var schema in manifest.Migrations.Keys)
            foreach (var suffix in new[] { "-wal", "-shm", "-journal" })
                File.Delete(Path.Combine(dataDirectory, schema + ".db" + suffix));
        var keys = Path.Combine(dataDirectory, SqliteBackup.KeysFolder);
        if (manifest.Files.Any(f => f.Path.StartsWith(SqliteBackup.KeysFolder + "/", StringComparison.Ordinal)) && Directory.Exists(keys))
            Directory.Delete(keys, recursive: true);
    }
}
