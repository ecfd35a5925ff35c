using Recovery.BuildingBlocks;
using Recovery.BuildingBlocks.Data;
using Recovery.Bureau.Contracts;
using Recovery.Debtors.Contracts;

namespace Recovery.Reporting.Features.ReadModels;

/// <summary>The purchased portfolios and the bureau's costs (ADR 0028), applied by <see cref="Projector"/>.</summary>
internal static class PurchaseProjector
{
    public static async Task PurchasedAsync(DbSession tx, PortfolioPurchased e)
    {
        if (await tx.ExecuteAsync(
                """
                UPDATE reporting.purchased_portfolio SET portfolio_code = @Code, seller = @Seller, purchased_on = @PurchasedOn,
                       face_value_cents = @FaceValueCents, price_cents = @PriceCents
                 WHERE portfolio_id = @PortfolioId
                """, e) == 0)
            await tx.ExecuteAsync(tx.Dialect.InsertIgnore("reporting.purchased_portfolio",
                "portfolio_id, partner_id, portfolio_code, seller, purchased_on, face_value_cents, price_cents",
                "@PortfolioId, @PartnerId, @Code, @Seller, @PurchasedOn, @FaceValueCents, @PriceCents", "portfolio_id"), e);
    }

    public static Task LookupChargedAsync(DbSession tx, BureauLookupCharged e) =>
        tx.ExecuteAsync(tx.Dialect.InsertIgnore("reporting.bureau_cost", "lookup_id, debtor_id, portfolio_id, cost_cents, charged_on",
            "@LookupId, @DebtorId, @PortfolioId, @CostCents, @ChargedOn", "lookup_id"),
            new { e.LookupId, e.DebtorId, e.PortfolioId, e.CostCents, ChargedOn = BusinessDate.Of(e.ChargedAt) });
}
