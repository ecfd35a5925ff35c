namespace Recovery.BuildingBlocks.Data;

/// <summary>
/// An ambient transaction for one request. While it is active, every <see cref="ModuleDb.BeginAsync"/> in the scope joins
/// one transaction, bound to the first schema used: a command changes one module's tables only. Whoever began the unit
/// of work adds what belongs with the change (the audit record, the idempotent response) and commits once.
/// </summary>
public sealed class UnitOfWork
{
    private int _depth;
    private DbSession? _session;
    private List<Func<Task>>? _afterEnd;

    public bool IsActive => _depth > 0;

    /// <summary>The bound transaction, or null when nothing has been written yet.</summary>
    public DbSession? Session => _session;

    /// <summary>Begins the unit of work; a nested call returns a handle that neither commits nor rolls back.</summary>
    public Scope Begin()
    {
        _depth++;
        return new Scope(this, owner: _depth == 1);
    }

    /// <summary>
    /// Runs once the unit of work has ended and its transaction is gone (committed or rolled back): for records that
    /// stand on their own, such as the outcome of a command that failed.
    /// </summary>
    public async Task AfterEndAsync(Func<Task> action)
    {
        if (_depth == 0) { await action(); return; }
        (_afterEnd ??= []).Add(action);
    }

    internal async Task<DbSession> JoinAsync(ModuleDb db, CancellationToken ct)
    {
        if (_session is null)
        {
            _session = await db.BeginIndependentAsync(ct);
        }
        else if (!string.Equals(_session.Schema, db.Schema, StringComparison.Ordinal))
        {
            throw new InvalidOperationException(
                $"A command changes one module's schema only: this one already writes '{_session.Schema}' and now asks for '{db.Schema}'.");
        }
        return db.Joined(_session);
    }

    public sealed class Scope : IAsyncDisposable
    {
        private readonly UnitOfWork _uow;
        private readonly bool _owner;
        private bool _disposed;

        internal Scope(UnitOfWork uow, bool owner) { _uow = uow; _owner = owner; }

        public async Task CommitAsync(CancellationToken ct)
        {
            if (_owner && _uow._session is not null) await _uow._session.CommitAsync(ct);
        }

        public async ValueTask DisposeAsync()
        {
            if (_disposed) return;
            _disposed = true;
            _uow._depth--;
            if (!_owner) return;
            var session = _uow._session;
            _uow._session = null;
            if (session is not null) await session.DisposeAsync();
            var after = _uow._afterEnd;
            _uow._afterEnd = null;
            foreach (var action in after ?? []) await action();
        }
    }
}
