using System.Data.Common;
using System.Text.Json;
using Dapper;
using Microsoft.Data.Sqlite;
using Recovery.BuildingBlocks.Messaging;

namespace Recovery.BuildingBlocks.Data;

/// <summary>
/// A connection to one schema, optionally inside a transaction. Every statement goes through Dapper with its parameters.
/// A session that joins a unit of work (see <see cref="UnitOfWork"/>) leaves commit and rollback to its owner.
/// </summary>
public sealed class DbSession : IAsyncDisposable
{
    private readonly Database _database;
    private readonly bool _owner;
    private readonly CancellationToken _ct;
    private readonly OutboxSignal? _signal;
    private readonly DbSession? _root;
    private PreparedStatement? _outboxInsert;
    private StatementCache? _statements;
    private List<Action>? _afterCommit;
    private bool _completed;

    internal DbSession(Database database, string schema, DbConnection connection, DbTransaction? transaction,
        bool owner, OutboxSignal? signal, CancellationToken ct, DbSession? root = null)
    {
        _root = root;
        _database = database;
        Schema = schema;
        Connection = connection;
        Transaction = transaction;
        _owner = owner;
        _signal = signal;
        _ct = ct;
    }

    public string Schema { get; }
    public DbConnection Connection { get; }
    public DbTransaction? Transaction { get; }
    public ISqlDialect Dialect => _database.Dialect;
    internal bool Published { get; private set; }

    /// <summary>The SQLite file is not mapped into memory on this connection (<see cref="ModuleDb.OpenForScanAsync"/>) until it ends.</summary>
    internal bool Unmapped { get; init; }

    /// <summary>This process's write lock on the schema (SQLite), held until the transaction ends.</summary>
    internal IDisposable? WriteLock { get; init; }

    private CommandDefinition Command(string sql, object? args, CancellationToken? ct) =>
        new(sql, args, Transaction, cancellationToken: ct ?? _ct);

    // Every statement of the modules passes here: each is a span when traced (DbTracing).
    private Task<T> Traced<T>(string sql, Func<Task<T>> run) => DbTracing.RunAsync(_database, Schema, sql, run);

    /// <summary>
    /// Executes a statement. In a SQLite transaction it is compiled once for the whole transaction and reused
    /// (<see cref="StatementCache"/>); elsewhere, and for arguments only Dapper can bind, it goes through Dapper.
    /// </summary>
    public Task<int> ExecuteAsync(string sql, object? args = null, CancellationToken? ct = null) =>
        Traced(sql, () =>
        {
            if (Transaction is SqliteTransaction transaction && Connection is SqliteConnection connection)
            {
                var root = _root ?? this;
                if ((root._statements ??= new StatementCache()).TryExecute(connection, transaction, sql, args) is { } cached) return cached;
            }
            return Connection.ExecuteAsync(Command(sql, args, ct));
        });

    public Task<T?> ExecuteScalarAsync<T>(string sql, object? args = null, CancellationToken? ct = null) =>
        Traced(sql, () => Connection.ExecuteScalarAsync<T>(Command(sql, args, ct)));

    public Task<IEnumerable<T>> QueryAsync<T>(string sql, object? args = null, CancellationToken? ct = null) =>
        Traced(sql, () => Connection.QueryAsync<T>(Command(sql, args, ct)));

    /// <summary>Rows without a type: each is its columns by name (the data-subject report shows what is stored, as stored).</summary>
    public Task<IEnumerable<dynamic>> QueryAsync(string sql, object? args = null, CancellationToken? ct = null) =>
        Traced(sql, () => Connection.QueryAsync(Command(sql, args, ct)));

    public Task<T?> QuerySingleOrDefaultAsync<T>(string sql, object? args = null, CancellationToken? ct = null) =>
        Traced(sql, () => Connection.QuerySingleOrDefaultAsync<T>(Command(sql, args, ct)));

    public Task<T?> QueryFirstOrDefaultAsync<T>(string sql, object? args = null, CancellationToken? ct = null) =>
        Traced(sql, () => Connection.QueryFirstOrDefaultAsync<T>(Command(sql, args, ct)));

    /// <summary>
    /// Writes an integration event to this schema's outbox in the current transaction: it is delivered if and only if
    /// the change that caused it commits.
    /// </summary>
    public async Task PublishAsync<TEvent>(TEvent @event, DateTimeOffset occurredAt) where TEvent : notnull
    {
        if (Transaction is null) throw new InvalidOperationException("Events are published inside a transaction.");
        var root = _root ?? this;
        // One prepared insert per transaction: a batch may publish an event per row.
        root._outboxInsert ??= Prepare(
            $"INSERT INTO {Schema}.outbox_message (id, type, payload, occurred_at, attempts, next_attempt_at) VALUES (@Id, @Type, @Payload, @OccurredAt, 0, @OccurredAt)",
            "Id", "Type", "Payload", "OccurredAt");
        await root._outboxInsert.ExecuteAsync(Guid.CreateVersion7(), EventTypes.NameOf(@event.GetType()),
            JsonSerializer.Serialize(@event, @event.GetType(), EventTypes.Json), occurredAt);
        root.Published = true;
    }

    /// <summary>
    /// Runs once this session's transaction (or the unit of work it joined) has committed, and never if it rolls back:
    /// for what must count only what was stored (the business metrics).
    /// </summary>
    public void AfterCommit(Action action)
    {
        var root = _root ?? this;
        (root._afterCommit ??= []).Add(action);
    }

    /// <summary>A statement prepared once for many executions in this session's transaction (bulk paths).</summary>
    public PreparedStatement Prepare(string sql, params string[] parameterNames) =>
        new(Connection, Transaction, sql, parameterNames);

    public async Task CommitAsync(CancellationToken ct = default)
    {
        if (!_owner) return;
        if (Transaction is null) throw new InvalidOperationException("No transaction to commit.");
        await Transaction.CommitAsync(ct);
        _completed = true;
        if (Published) _signal?.Notify();
        foreach (var action in _afterCommit ?? []) action();
        _afterCommit = null;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_owner) return;
        _outboxInsert?.Dispose();
        _statements?.Dispose();
        if (Transaction is not null)
        {
            if (!_completed)
            {
                try { await Transaction.RollbackAsync(CancellationToken.None); }
                catch (Exception) when (Connection.State != System.Data.ConnectionState.Open) { }
            }
            await Transaction.DisposeAsync();
        }
        if (Unmapped && Connection.State == System.Data.ConnectionState.Open)
            await Connection.ExecuteAsync($"PRAGMA {Schema}.mmap_size = {Database.MappedBytes}");
        _database.Release(Schema, Connection);
        WriteLock?.Dispose();
    }
}
