namespace Recovery.Debtors.Contracts;

/// <summary>
/// The portfolio was bought from <paramref name="Seller"/> (cessão de crédito) on <paramref name="PurchasedOn"/> for
/// <paramref name="PriceCents"/>, its debts' face value being <paramref name="FaceValueCents"/>. Published when a portfolio
/// is saved with a purchase, and again whenever the purchase's terms change. Communication sends the assignment notice
/// (Civil Code art. 290) before any other collection message on its debts; Reporting weighs what it recovers against the
/// price.
/// </summary>
public sealed record PortfolioPurchased(Guid PortfolioId, Guid PartnerId, string Code, string Seller, DateOnly PurchasedOn,
    long FaceValueCents, long PriceCents);
