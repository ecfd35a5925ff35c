namespace Recovery.Debtors.Features.Portfolios;

/// <summary>A partner's portfolio (carteira) with its default contract terms, and its purchase when it was bought (cessão de crédito).</summary>
internal sealed record Portfolio(Guid Id, Guid PartnerId, string Code, string Name, decimal FinePercent, decimal MonthlyInterestPercent,
    string CorrectionIndex, DateTimeOffset CreatedAt, Purchase? Purchase = null)
{
    public const string Columns =
        "id, partner_id, code, name, fine_bp, monthly_interest_bp, correction_index, created_at, purchase_seller, purchased_on, face_value_cents, price_cents";

    public static Portfolio From(Row r) => new(r.Id, r.PartnerId, r.Code, r.Name, r.FineBp / 100m, r.MonthlyInterestBp / 100m, r.CorrectionIndex, r.CreatedAt,
        r.PurchaseSeller is null || r.PurchasedOn is null || r.FaceValueCents is null || r.PriceCents is null
            ? null
            : new Purchase(r.PurchaseSeller, r.PurchasedOn.Value, r.FaceValueCents.Value / 100m, r.PriceCents.Value / 100m));

    internal sealed class Row
    {
        public Guid Id { get; init; }
        public Guid PartnerId { get; init; }
        public string Code { get; init; } = "";
        public string Name { get; init; } = "";
        public int FineBp { get; init; }
        public int MonthlyInterestBp { get; init; }
        public string CorrectionIndex { get; init; } = "";
        public DateTimeOffset CreatedAt { get; init; }
        public string? PurchaseSeller { get; init; }
        public DateOnly? PurchasedOn { get; init; }
        public long? FaceValueCents { get; init; }
        public long? PriceCents { get; init; }
    }
}

/// <summary>
/// The portfolio was bought (cessão de crédito): from <paramref name="Seller"/>, on <paramref name="PurchasedOn"/>, debts of
/// <paramref name="FaceValue"/> for <paramref name="Price"/> (reais).
/// </summary>
[Recovery.BuildingBlocks.Mediation.SchemaName("PortfolioPurchase")]
internal sealed record Purchase(string? Seller, DateOnly? PurchasedOn, decimal? FaceValue, decimal? Price);
