using Recovery.BuildingBlocks.Messaging;

namespace Recovery.BuildingBlocks.Data;

/// <summary>
/// The typed connection factory of one module's schema, so that dependency injection cannot hand a module another
/// module's connection. Register the derived type as scoped.
/// </summary>
public abstract class ModuleDb(Database database, UnitOfWork unitOfWork, OutboxSignal signal)
{
    public abstract string Schema { get; }
    public ISqlDialect Dialect => database.Dialect;
    public Database Database => database;

    /// <summary>A session for reads; inside a unit of work on this schema it sees the uncommitted writes.</summary>
    public async Task<DbSession> OpenAsync(CancellationToken ct = default)
    {
        if (unitOfWork.Session is { } current && current.Schema == Schema) return Joined(current);
        var connection = await database.OpenAsync(Schema, ct);
        return new DbSession(database, Schema, connection, null, owner: true, signal, ct);
    }

    /// <summary>
    /// A session that reads a large result once, in order (a CSV export of a million rows). On SQLite the file is read
    /// through SQLite's own bounded page cache instead of being mapped into the process, so an export does not grow the
    /// server's resident memory by the size of the file; the connection maps the file again when the session ends.
    /// </summary>
    public async Task<DbSession> OpenForScanAsync(CancellationToken ct = default)
    {
        if (database.IsSqlServer || unitOfWork.Session is { } current && current.Schema == Schema) return await OpenAsync(ct);
        var connection = await database.OpenAsync(Schema, ct);
        var session = new DbSession(database, Schema, connection, null, owner: true, signal, ct) { Unmapped = true };
        await session.ExecuteAsync($"PRAGMA {Schema}.mmap_size = 0");
        return session;
    }

    /// <summary>A transaction on this schema, or the request's unit of work when one is active.</summary>
    public Task<DbSession> BeginAsync(CancellationToken ct = default) =>
        unitOfWork.IsActive ? unitOfWork.JoinAsync(this, ct) : BeginIndependentAsync(ct);

    /// <summary>
    /// A transaction of its own, outside the request's unit of work: for records that must stand whether or not the
    /// request's change commits (a failed sign-in, the outcome of a rejected command).
    /// </summary>
    public async Task<DbSession> BeginIndependentAsync(CancellationToken ct = default)
    {
        var writeLock = await database.LockWritesAsync(Schema, ct);
        System.Data.Common.DbConnection? connection = null;
        try
        {
            connection = await database.OpenAsync(Schema, ct);
            var tx = await connection.BeginTransactionAsync(ct);
            return new DbSession(database, Schema, connection, tx, owner: true, signal, ct) { WriteLock = writeLock };
        }
        catch
        {
            if (connection is not null) database.Release(Schema, connection);
            writeLock?.Dispose();
            throw;
        }
    }

    internal DbSession Joined(DbSession owner) =>
        new(database, Schema, owner.Connection, owner.Transaction, owner: false, signal, CancellationToken.None, owner);
}
