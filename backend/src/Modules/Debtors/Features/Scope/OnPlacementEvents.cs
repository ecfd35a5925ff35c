using Recovery.BuildingBlocks.Messaging;
using Recovery.Debtors.Data;
using Recovery.Escalation.Contracts;

namespace Recovery.Debtors.Features.Scope;

/// <summary>Debtors' copy of the placements with agencies, from Escalation's events: what scopes an agency's people.</summary>
internal sealed class OnPlacementEvents(DebtorsDb db) : IEventSubscriber<DebtsPlaced>, IEventSubscriber<PlacementEnded>
{
    public async Task HandleAsync(DebtsPlaced e, EventEnvelope envelope, CancellationToken ct)
    {
        await using var tx = await db.BeginAsync(ct);
        foreach (var invoice in e.InvoiceIds.Distinct())
            await tx.ExecuteAsync(db.Dialect.InsertIgnore("debtors.placement", "placement_id, invoice_id, agency_id, starts_at, ends_at",
                    "@PlacementId, @InvoiceId, @AgencyId, @StartsAt, @EndsAt", "placement_id, invoice_id"),
                new { e.PlacementId, InvoiceId = invoice, e.AgencyId, e.StartsAt, e.EndsAt });
    }

    /// <summary>Ended at once: the agency's people lose the debts on their next request.</summary>
    public async Task HandleAsync(PlacementEnded e, EventEnvelope envelope, CancellationToken ct)
    {
        await using var tx = await db.BeginAsync(ct);
        await tx.ExecuteAsync("UPDATE debtors.placement SET ends_at = @EndedAt WHERE placement_id = @PlacementId AND ends_at > @EndedAt", e);
    }
}
