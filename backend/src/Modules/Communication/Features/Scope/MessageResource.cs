using Recovery.Communication.Data;

namespace Recovery.Communication.Features.Scope;

/// <summary>
/// A message named in a route (a letter to print, a call to make: <c>/communication/letters/{messageId}</c>): visible to a
/// scoped person when its debtor is (ADR 0026).
/// </summary>
internal sealed class MessageResource(CommunicationDb db, IScopeGate gate) : IScopedResource
{
    public string Kind => ScopedKinds.Message;

    public async Task<bool> VisibleAsync(AccessScope scope, Guid id, CancellationToken ct)
    {
        Guid? debtor;
        await using (var session = await db.OpenAsync(ct))
            debtor = await session.QuerySingleOrDefaultAsync<Guid?>("SELECT debtor_id FROM communication.message WHERE id = @Id", new { Id = id });
        return debtor is { } debtorId && await gate.DebtorVisibleAsync(scope, debtorId, ct);
    }
}

/// <summary>Communication's lists for a scoped person: only the rows of debtors inside their scope.</summary>
internal static class ScopedLists
{
    public static async Task<List<T>> VisibleAsync<T>(this List<T> rows, Func<T, Guid> debtorOf, ICurrentActor actor, IScopeGate gate, CancellationToken ct)
    {
        if (actor.Scope.Unrestricted || rows.Count == 0) return rows;
        var visible = await gate.VisibleDebtorsAsync(actor.Scope, rows.Select(debtorOf).Distinct().ToList(), ct);
        return rows.Where(r => visible.Contains(debtorOf(r))).ToList();
    }
}
