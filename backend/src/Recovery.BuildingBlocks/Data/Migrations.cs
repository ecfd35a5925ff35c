using System.Reflection;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Dapper;
using Microsoft.Extensions.Logging;

namespace Recovery.BuildingBlocks.Data;

/// <summary>A schema and the assembly that embeds its migrations under <c>migrations/{sqlite|sqlserver}/NNNN_verb_object.sql</c>.</summary>
public sealed record ModuleSchema(string Schema, Assembly Assembly);

public sealed record Migration(string Name, string Sql);

/// <summary>
/// Runs the numbered, embedded SQL migrations of every schema at start-up, each in its own transaction, journaled in
/// the schema's <c>schema_migration</c> table with a checksum, so that an edited applied migration stops the start-up.
/// The infrastructure migrations of BuildingBlocks (outbox, inbox, leases, idempotency) run first in every schema.
/// </summary>
public sealed partial class MigrationRunner(Database database, IEnumerable<ModuleSchema> schemas, TimeProvider clock, ILogger<MigrationRunner> logger)
{
    private const string CommonPrefix = "common/";

    public static string EngineFolder(DatabaseProvider provider) => provider == DatabaseProvider.SqlServer ? "sqlserver" : "sqlite";

    /// <summary>The migration scripts an assembly embeds for one engine, in order.</summary>
    public static IReadOnlyList<Migration> Load(Assembly assembly, DatabaseProvider provider)
    {
        var prefix = $"migrations/{EngineFolder(provider)}/";
        return assembly.GetManifestResourceNames()
            .Where(n => n.StartsWith(prefix, StringComparison.Ordinal) && n.EndsWith(".sql", StringComparison.Ordinal))
            .OrderBy(n => n, StringComparer.Ordinal)
            .Select(n =>
            {
                using var stream = assembly.GetManifestResourceStream(n)!;
                using var reader = new StreamReader(stream);
                return new Migration(Path.GetFileNameWithoutExtension(n), reader.ReadToEnd());
            })
            .ToList();
    }

    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, IReadOnlyList<Migration>> _plans = new();

    /// <summary>Every migration of a schema for the configured engine, in order (read once from the assemblies).</summary>
    public IReadOnlyList<Migration> PlanFor(ModuleSchema schema) => _plans.GetOrAdd(schema.Schema, _ => BuildPlan(schema));

    private IReadOnlyList<Migration> BuildPlan(ModuleSchema schema)
    {
        var common = Load(typeof(MigrationRunner).Assembly, database.Options.Provider)
            .Select(m => new Migration(CommonPrefix + m.Name, m.Sql.Replace("{schema}", schema.Schema, StringComparison.Ordinal)));
        return common.Concat(Load(schema.Assembly, database.Options.Provider)).ToList();
    }

    public async Task RunAsync(CancellationToken ct = default)
    {
        foreach (var schema in schemas)
        {
            if (database.IsSqlServer) await RunSqlServerAsync(schema, ct);
            else await RunSqliteAsync(schema, ct);
        }
    }

    private async Task RunSqliteAsync(ModuleSchema schema, CancellationToken ct)
    {
        var s = schema.Schema;
        var connection = await database.OpenAsync(s, ct);
        try
        {
            // WAL is a property of the file and cannot change inside a transaction.
            await connection.ExecuteAsync(new CommandDefinition($"PRAGMA {s}.journal_mode = WAL", cancellationToken: ct));
            await connection.ExecuteAsync(new CommandDefinition(
                $"CREATE TABLE IF NOT EXISTS {s}.schema_migration (name TEXT NOT NULL PRIMARY KEY, checksum TEXT NOT NULL, applied_at TEXT NOT NULL)",
                cancellationToken: ct));
            foreach (var migration in PlanFor(schema))
            {
                await using var tx = await connection.BeginTransactionAsync(ct);  // BEGIN IMMEDIATE: one migrator at a time
                if (await AlreadyAppliedAsync(connection, tx, s, migration, ct)) { await tx.RollbackAsync(ct); continue; }
                await connection.ExecuteAsync(new CommandDefinition(migration.Sql, transaction: tx, cancellationToken: ct));
                await JournalAsync(connection, tx, s, migration, ct);
                await tx.CommitAsync(ct);
                logger.LogInformation("Applied migration {Schema}/{Migration}", s, migration.Name);
            }
        }
        finally
        {
            database.Release(s, connection);
        }
    }

    private async Task RunSqlServerAsync(ModuleSchema schema, CancellationToken ct)
    {
        var s = schema.Schema;
        await using var connection = await database.OpenAsync(s, ct);
        // One migrator at a time across instances: an application lock held for the session.
        await connection.ExecuteAsync(new CommandDefinition(
            "EXEC sp_getapplock @Resource = 'recovery-migrations', @LockMode = 'Exclusive', @LockOwner = 'Session', @LockTimeout = 120000",
            cancellationToken: ct));
        try
        {
            await connection.ExecuteAsync(new CommandDefinition(
                $"IF SCHEMA_ID(@Schema) IS NULL EXEC('CREATE SCHEMA [{s}]')", new { Schema = s }, cancellationToken: ct));
            await connection.ExecuteAsync(new CommandDefinition(
                $"""
                IF OBJECT_ID(N'{s}.schema_migration', N'U') IS NULL
                    CREATE TABLE {s}.schema_migration (
                        name NVARCHAR(200) NOT NULL CONSTRAINT pk_{s}_schema_migration PRIMARY KEY,
                        checksum CHAR(64) NOT NULL,
                        applied_at DATETIME2(7) NOT NULL)
                """, cancellationToken: ct));
            foreach (var migration in PlanFor(schema))
            {
                await using var tx = await connection.BeginTransactionAsync(ct);
                if (await AlreadyAppliedAsync(connection, tx, s, migration, ct)) { await tx.RollbackAsync(ct); continue; }
                foreach (var batch in GoSeparator().Split(migration.Sql).Where(b => !string.IsNullOrWhiteSpace(b)))
                    await connection.ExecuteAsync(new CommandDefinition(batch, transaction: tx, cancellationToken: ct));
                await JournalAsync(connection, tx, s, migration, ct);
                await tx.CommitAsync(ct);
                logger.LogInformation("Applied migration {Schema}/{Migration}", s, migration.Name);
            }
        }
        finally
        {
            await connection.ExecuteAsync(new CommandDefinition(
                "EXEC sp_releaseapplock @Resource = 'recovery-migrations', @LockOwner = 'Session'", cancellationToken: CancellationToken.None));
        }
    }

    private static async Task<bool> AlreadyAppliedAsync(System.Data.Common.DbConnection connection, System.Data.Common.DbTransaction tx,
        string schema, Migration migration, CancellationToken ct)
    {
        var checksum = await connection.QuerySingleOrDefaultAsync<string>(new CommandDefinition(
            $"SELECT checksum FROM {schema}.schema_migration WHERE name = @Name", new { migration.Name }, tx, cancellationToken: ct));
        if (checksum is null) return false;
        if (checksum.Trim() != Checksum(migration.Sql))
            throw new InvalidOperationException(
                $"Migration {schema}/{migration.Name} was changed after it was applied. Never edit an applied migration: add a new one.");
        return true;
    }

    private Task JournalAsync(System.Data.Common.DbConnection connection, System.Data.Common.DbTransaction tx,
        string schema, Migration migration, CancellationToken ct) =>
        connection.ExecuteAsync(new CommandDefinition(
            $"INSERT INTO {schema}.schema_migration (name, checksum, applied_at) VALUES (@Name, @Checksum, @AppliedAt)",
            new { migration.Name, Checksum = Checksum(migration.Sql), AppliedAt = clock.GetUtcNow() }, tx, cancellationToken: ct));

    private static string Checksum(string sql) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(sql.ReplaceLineEndings("\n"))));

    [GeneratedRegex(@"^\s*GO\s*$", RegexOptions.Multiline | RegexOptions.IgnoreCase)]
    private static partial Regex GoSeparator();
}
