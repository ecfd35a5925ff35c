using System.Data.Common;
using System.Diagnostics;
using Dapper;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;

namespace Recovery.BuildingBlocks.Data.Backups;

/// <summary>
/// An online backup of every schema's SQLite file at one point, taken while writes go on (ADR 0015).
/// <para>
/// A transaction covers one file, and events cross files through the outboxes: a copy of each file taken at its own
/// moment could hold an event marked dispatched in its publisher's file and not yet applied in its subscriber's. So
/// the backup first holds every file's write lock at once (<c>BEGIN IMMEDIATE</c>; no write transaction is then open
/// anywhere), opens a read transaction on each file that pins its WAL snapshot at that instant, and releases the write
/// locks: writers are held for the milliseconds that takes. Each file is then copied with SQLite's backup API from
/// its pinned connection, in one step, so the copies are the files as they all were at that instant.
/// </para>
/// </summary>
public sealed class SqliteBackup(Database database, IEnumerable<ModuleSchema> schemas, TimeProvider clock, ILogger<SqliteBackup> logger)
{
    /// <summary>The folder beside the schema files that is copied with them (the Data Protection keys, by default).</summary>
    public const string KeysFolder = "keys";

    /// <summary>For tests: runs once every snapshot is pinned and the write locks are released, before the copy.</summary>
    internal Func<Task>? AfterPinned { get; set; }

    /// <summary>Takes a backup into a new directory under <paramref name="parent"/>, named by its time; returns its manifest.</summary>
    public async Task<BackupManifest> TakeAsync(string parent, CancellationToken ct = default)
    {
        if (database.IsSqlServer)
            throw new BackupRefusedException("On SQL Server the database server takes the backup (BACKUP DATABASE ... WITH COPY_ONLY); see docs/operations.md.");
        if (schemas.Select(s => database.SqliteFile(s.Schema)).FirstOrDefault(f => !File.Exists(f)) is { } missing)
            throw new BackupRefusedException($"{missing} does not exist: the data directory holds no installation (start the product once first).");
        var watch = Stopwatch.StartNew();
        var started = clock.GetUtcNow();
        var name = $"recovery-{started.UtcDateTime:yyyyMMdd-HHmmss}-{Guid.NewGuid().ToString("N")[..6]}";
        var target = Path.Combine(Path.GetFullPath(parent), name);
        var partial = target + ".partial";
        Directory.CreateDirectory(partial);

        var readers = new List<(string Schema, SqliteConnection Connection, DbTransaction Transaction)>();
        try
        {
            var (migrations, held) = await PinAsync(readers, ct);
            var takenAt = clock.GetUtcNow();  // the point: every snapshot is pinned, writers go on from here
            if (AfterPinned is { } hook) await hook();
            var files = new List<BackupFile>();
            foreach (var (schema, connection, _) in readers)
            {
                var file = schema + ".db";
                Copy(connection, schema, Path.Combine(partial, file));
                files.Add(await BackupManifest.DescribeAsync(partial, file, ct));
            }
            EndAll(readers);
            files.AddRange(await CopyKeysAsync(partial, ct));

            var manifest = new BackupManifest(BackupManifest.CurrentFormat, name, takenAt, Math.Round(watch.Elapsed.TotalMilliseconds, 1),
                Math.Round(held.TotalMilliseconds, 1), files.Sum(f => f.Bytes), files, migrations);
            await manifest.WriteAsync(partial, ct);
            Directory.Move(partial, target);
            logger.LogInformation("Backup {Name} taken: {Files} files, {Bytes} bytes in {Ms} ms (writers held {HeldMs} ms)",
                name, files.Count, manifest.TotalBytes, manifest.ElapsedMs, manifest.WritersHeldMs);
            return manifest;
        }
        catch
        {
            EndAll(readers);
            try { Directory.Delete(partial, recursive: true); } catch (IOException) { }
            throw;
        }
    }

    /// <summary>
    /// Holds every file's write lock at once, pins a read snapshot on each, then lets the writers go. Returns the
    /// migrations each snapshot has applied, and how long writers were held (from the first lock taken to the release).
    /// A lock that does not come within a few seconds (a long write holds it) releases the others and the whole step
    /// starts again, so writers are never held behind a long wait.
    /// </summary>
    private async Task<(Dictionary<string, IReadOnlyList<string>>, TimeSpan)> PinAsync(
        List<(string, SqliteConnection, DbTransaction)> readers, CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            try { return await TryPinAsync(readers, ct); }
            catch (SqliteException ex) when (ex.SqliteErrorCode is 5 or 6 && attempt < LockAttempts)  // SQLITE_BUSY, SQLITE_LOCKED
            {
                EndAll(readers);
                logger.LogInformation("Backup: a write held a file's lock; trying again ({Attempt}/{Attempts})", attempt, LockAttempts);
                await Task.Delay(TimeSpan.FromMilliseconds(100 * attempt), ct);
            }
        }
    }

    private const int LockAttempts = 10;

    private async Task<(Dictionary<string, IReadOnlyList<string>>, TimeSpan)> TryPinAsync(
        List<(string, SqliteConnection, DbTransaction)> readers, CancellationToken ct)
    {
        var migrations = new Dictionary<string, IReadOnlyList<string>>();
        var writers = new List<(SqliteConnection Connection, DbTransaction? Transaction)>();
        var held = new Stopwatch();
        try
        {
            foreach (var schema in schemas.Select(s => s.Schema))
            {
                var writer = (SqliteConnection)await database.OpenAsync(schema, ct);
                writers.Add((writer, null));
                writer.DefaultTimeout = 2;
                await writer.ExecuteAsync("PRAGMA busy_timeout = 2000");
                writers[^1] = (writer, writer.BeginTransaction(deferred: false));  // BEGIN IMMEDIATE: this file's write lock
                held.Start();
            }
            foreach (var schema in schemas.Select(s => s.Schema))
            {
                var reader = (SqliteConnection)await database.OpenAsync(schema, ct);
                var tx = reader.BeginTransaction(deferred: true);
                readers.Add((schema, reader, tx));
                // The first read starts the read transaction: from here this connection sees the file as it is now.
                migrations[schema] = (await reader.QueryAsync<string>(new CommandDefinition(
                    $"SELECT name FROM {schema}.schema_migration ORDER BY name", transaction: tx, cancellationToken: ct))).ToList();
            }
        }
        finally
        {
            foreach (var (connection, tx) in writers)
            {
                if (tx is not null) await tx.RollbackAsync(CancellationToken.None);
                await connection.DisposeAsync();
            }
            held.Stop();
        }
        return (migrations, held.Elapsed);
    }

    /// <summary>
    /// Copies the attached schema of a connection inside a read transaction into a new file, in one step of the backup
    /// API: the backup reads through that transaction, so it copies the pinned snapshot whatever was written since.
    /// The copy leaves WAL mode so that it is one self-contained file (the migration runner sets WAL again on start).
    /// </summary>
    private static void Copy(SqliteConnection source, string schema, string file)
    {
        using var target = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = file, Pooling = false }.ToString());
        target.Open();
        source.BackupDatabase(target, "main", schema);
        using var command = target.CreateCommand();
        command.CommandText = "PRAGMA journal_mode = DELETE";
        command.ExecuteNonQuery();
    }

    private async Task<List<BackupFile>> CopyKeysAsync(string partial, CancellationToken ct)
    {
        var source = Path.Combine(Path.GetFullPath(database.Options.DataDirectory), KeysFolder);
        var files = new List<BackupFile>();
        if (!Directory.Exists(source)) return files;
        Directory.CreateDirectory(Path.Combine(partial, KeysFolder));
        foreach (var path in Directory.EnumerateFiles(source).Order(StringComparer.Ordinal))
        {
            var relative = Path.Combine(KeysFolder, Path.GetFileName(path));
            File.Copy(path, Path.Combine(partial, relative));
            files.Add(await BackupManifest.DescribeAsync(partial, relative, ct));
        }
        return files;
    }

    private static void EndAll(List<(string Schema, SqliteConnection Connection, DbTransaction Transaction)> readers)
    {
        foreach (var (_, connection, tx) in readers)
        {
            try { tx.Rollback(); } catch (InvalidOperationException) { }
            connection.Dispose();
        }
        readers.Clear();
    }
}
