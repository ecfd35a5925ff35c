using Recovery.BuildingBlocks.Messaging;
using Recovery.Bureau.Data;
using Recovery.Debtors.Contracts;

namespace Recovery.Bureau.Subscriptions;

/// <summary>
/// Bureau's copy of the debts, only forward (a newer version wins). A debt received for a debtor new to its portfolio, in a
/// portfolio with lookups at placement on, queues a lookup for the placement job (the bureau is not called inside the
/// event's transaction).
/// </summary>
internal sealed class OnDebtStateChanged(BureauDb db) : IEventSubscriber<DebtStateChanged>
{
    public async Task HandleAsync(DebtStateChanged e, EventEnvelope envelope, CancellationToken ct)
    {
        await using var tx = await db.BeginAsync(ct);
        var args = new { e.InvoiceId, e.DebtorId, e.PartnerId, e.PortfolioId, Status = e.Status.Code(), e.Version, Now = envelope.OccurredAt };
        if (await tx.ExecuteAsync(
                "UPDATE bureau.debt SET portfolio_id = @PortfolioId, status = @Status, version = @Version WHERE invoice_id = @InvoiceId AND version < @Version",
                args) > 0)
            return;
        var newToPortfolio = await tx.ExecuteScalarAsync<int>(
            "SELECT COUNT(*) FROM bureau.debt WHERE debtor_id = @DebtorId AND portfolio_id = @PortfolioId", args) == 0;
        if (await tx.ExecuteAsync(tx.Dialect.InsertIgnore("bureau.debt", "invoice_id, debtor_id, partner_id, portfolio_id, status, version, placed_at",
                "@InvoiceId, @DebtorId, @PartnerId, @PortfolioId, @Status, @Version, @Now", "invoice_id"), args) == 0)
            return;
        if (newToPortfolio && e.Status == DebtStatus.Open
            && await tx.ExecuteScalarAsync<int>("SELECT COUNT(*) FROM bureau.settings WHERE portfolio_id = @PortfolioId AND auto_lookup = 1", args) > 0)
            await tx.ExecuteAsync(tx.Dialect.InsertIgnore("bureau.pending_lookup", "debtor_id, portfolio_id, queued_at", "@DebtorId, @PortfolioId, @Now",
                "debtor_id, portfolio_id"), args);
    }
}
