using Recovery.Negotiation.Data;

namespace Recovery.Negotiation.Features.Scope;

/// <summary>
/// An agreement named in a route (<c>/agreements/{id}/…</c>): visible to a scoped person when every debt it settles is
/// inside their scope (ADR 0026), as Debtors, the owner of the debts, says.
/// </summary>
internal sealed class AgreementResource(NegotiationDb db, IScopeGate gate) : IScopedResource
{
    public string Kind => ScopedKinds.Agreement;

    public async Task<bool> VisibleAsync(AccessScope scope, Guid id, CancellationToken ct)
    {
        List<Guid> invoices;
        await using (var session = await db.OpenAsync(ct))
            invoices = (await session.QueryAsync<Guid>("SELECT invoice_id FROM negotiation.agreement_debt WHERE agreement_id = @Id", new { Id = id })).ToList();
        if (invoices.Count == 0) return false;
        var visible = await gate.VisibleInvoicesAsync(scope, invoices, ct);
        return invoices.All(visible.Contains);
    }
}
