using Recovery.BuildingBlocks.Data;
using Recovery.Debtors.Data;

namespace Recovery.Debtors.Features.Scope;

/// <summary>Debtors answers, for every module, what a scope lets its person see (ADR 0026).</summary>
internal sealed class ScopeGate(DebtorsDb db, TimeProvider clock) : IScopeGate
{
    public async Task<bool> DebtorVisibleAsync(AccessScope scope, Guid debtorId, CancellationToken ct)
    {
        if (scope.Unrestricted) return true;
        await using var session = await db.OpenAsync(ct);
        return await session.ExecuteScalarAsync<int>(
            $"SELECT COUNT(*) FROM debtors.invoice i WHERE i.debtor_id = @DebtorId AND {DebtScope.Where(db.Dialect)}",
            DebtScope.Args(scope, clock.GetUtcNow(), new { DebtorId = debtorId })) > 0;
    }

    public async Task<IReadOnlySet<Guid>> VisibleInvoicesAsync(AccessScope scope, IReadOnlyCollection<Guid> invoiceIds, CancellationToken ct)
    {
        if (scope.Unrestricted) return invoiceIds.ToHashSet();
        if (invoiceIds.Count == 0) return new HashSet<Guid>();
        await using var session = await db.OpenAsync(ct);
        return (await session.QueryAsync<Guid>(
            $"SELECT i.id FROM debtors.invoice i WHERE i.id IN ({db.Dialect.JsonIds("@Ids")}) AND {DebtScope.Where(db.Dialect)}",
            DebtScope.Args(scope, clock.GetUtcNow(), new { Ids = db.Dialect.JsonArray(invoiceIds.Distinct()) }))).ToHashSet();
    }

    public async Task<IReadOnlySet<Guid>> VisibleDebtorsAsync(AccessScope scope, IReadOnlyCollection<Guid> debtorIds, CancellationToken ct)
    {
        if (scope.Unrestricted) return debtorIds.ToHashSet();
        if (debtorIds.Count == 0) return new HashSet<Guid>();
        await using var session = await db.OpenAsync(ct);
        return (await session.QueryAsync<Guid>(
            $"SELECT DISTINCT i.debtor_id FROM debtors.invoice i WHERE i.debtor_id IN ({db.Dialect.JsonIds("@Ids")}) AND {DebtScope.Where(db.Dialect)}",
            DebtScope.Args(scope, clock.GetUtcNow(), new { Ids = db.Dialect.JsonArray(debtorIds.Distinct()) }))).ToHashSet();
    }
}

/// <summary>A debt named in a route (<c>/analytics/debts/{invoiceId}/…</c>): visible when it is in the scope.</summary>
internal sealed class InvoiceResource(IScopeGate gate) : IScopedResource
{
    public string Kind => ScopedKinds.Invoice;

    public async Task<bool> VisibleAsync(AccessScope scope, Guid id, CancellationToken ct) =>
        (await gate.VisibleInvoicesAsync(scope, [id], ct)).Contains(id);
}

/// <summary>A debtor named in a route (<c>/debtors/{debtorId}/…</c>): visible when any of their debts is.</summary>
internal sealed class DebtorResource(IScopeGate gate) : IScopedResource
{
    public string Kind => ScopedKinds.Debtor;

    public Task<bool> VisibleAsync(AccessScope scope, Guid id, CancellationToken ct) => gate.DebtorVisibleAsync(scope, id, ct);
}
