using System.Collections.Concurrent;
using System.Data.Common;
using Dapper;
using Microsoft.Data.SqlClient;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;

namespace Recovery.BuildingBlocks.Data;

/// <summary>
/// Opens connections to one schema for the configured engine. On SQLite each schema is its own file under the data
/// directory, attached under the schema's name so that <c>debtors.invoice</c> means the same on both engines.
/// </summary>
public sealed class Database : IDisposable
{
    private const int MaxPooledPerSchema = 32;

    /// <summary>How much of a schema's SQLite file a connection maps into memory for reads (256 MiB).</summary>
    internal const long MappedBytes = 268_435_456;
    private readonly ConcurrentDictionary<string, ConcurrentBag<SqliteConnection>> _pool = new();
    private readonly ConcurrentDictionary<string, SemaphoreSlim> _writeLocks = new();
    private readonly string _fullDataDirectory;

    static Database() => TypeHandlers.Register();

    public Database(IOptions<DatabaseOptions> options)
    {
        Options = options.Value;
        Dialect = Options.Provider == DatabaseProvider.SqlServer ? new SqlServerDialect() : new SqliteDialect();
        _fullDataDirectory = Path.GetFullPath(Options.DataDirectory);
        if (Options.Provider == DatabaseProvider.Sqlite) Directory.CreateDirectory(_fullDataDirectory);
        else if (string.IsNullOrWhiteSpace(Options.ConnectionString))
            throw new InvalidOperationException("Database:ConnectionString is required when Database:Provider is SqlServer.");
    }

    public DatabaseOptions Options { get; }
    public ISqlDialect Dialect { get; }
    public bool IsSqlServer => Options.Provider == DatabaseProvider.SqlServer;

    /// <summary>The SQLite file that holds a schema.</summary>
    public string SqliteFile(string schema) => Path.Combine(_fullDataDirectory, schema + ".db");

    public async Task<DbConnection> OpenAsync(string schema, CancellationToken ct = default)
    {
        if (IsSqlServer)
        {
            var cs = Options.SchemaConnectionStrings.TryGetValue(schema, out var own) ? own : Options.ConnectionString!;
            var sql = new SqlConnection(cs);
            await sql.OpenAsync(ct);
            return sql;
        }

        if (_pool.TryGetValue(schema, out var bag) && bag.TryTake(out var pooled)) return pooled;

        // An in-memory main database with the schema's file attached under the schema's name. Microsoft.Data.Sqlite
        // does not pool ":memory:" connections, so attached connections are pooled here (see Release).
        var connection = new SqliteConnection("Data Source=:memory:;Pooling=False;Default Timeout=30");
        await connection.OpenAsync(ct);
        await connection.ExecuteAsync(new CommandDefinition(
            $"ATTACH DATABASE @File AS {schema}; PRAGMA foreign_keys = ON; PRAGMA busy_timeout = 30000; PRAGMA {schema}.synchronous = NORMAL; PRAGMA {schema}.cache_size = -32768; PRAGMA {schema}.mmap_size = {MappedBytes}; PRAGMA temp_store = MEMORY;",
            new { File = SqliteFile(schema) }, cancellationToken: ct));
        return connection;
    }

    /// <summary>
    /// SQLite admits one writer per file. Writers of this process queue here and wake the moment the writer before them
    /// finishes, instead of sleeping in SQLite's busy handler and polling the file lock. SQL Server locks rows itself.
    /// </summary>
    public async ValueTask<IDisposable?> LockWritesAsync(string schema, CancellationToken ct = default)
    {
        if (IsSqlServer) return null;
        var gate = _writeLocks.GetOrAdd(schema, _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync(ct);
        return new Releaser(gate);
    }

    private sealed class Releaser(SemaphoreSlim gate) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0) gate.Release();
        }
    }

    /// <summary>Runs one write outside any transaction of a module (infrastructure: leases, outbox marks, sessions).</summary>
    public async Task<int> WriteAsync(string schema, string sql, object? args, CancellationToken ct = default)
    {
        using var gate = await LockWritesAsync(schema, ct);
        var connection = await OpenAsync(schema, ct);
        try { return await DbTracing.RunAsync(this, schema, sql, () => connection.ExecuteAsync(new CommandDefinition(sql, args, cancellationToken: ct))); }
        finally { Release(schema, connection); }
    }

    /// <summary>Gives a connection back: SQLite connections return to this pool, SQL Server ones to ADO.NET's.</summary>
    public void Release(string schema, DbConnection connection)
    {
        if (connection is SqliteConnection sqlite && sqlite.State == System.Data.ConnectionState.Open)
        {
            var bag = _pool.GetOrAdd(schema, _ => new ConcurrentBag<SqliteConnection>());
            if (bag.Count < MaxPooledPerSchema) { bag.Add(sqlite); return; }
        }
        connection.Dispose();
    }

    public void Dispose()
    {
        foreach (var bag in _pool.Values)
            while (bag.TryTake(out var c)) c.Dispose();
    }
}
