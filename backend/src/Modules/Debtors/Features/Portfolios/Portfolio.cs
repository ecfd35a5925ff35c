namespace Recovery.Debtors.Features.Portfolios;

/// <summary>A partner's portfolio (carteira) with its default contract terms.</summary>
internal sealed record Portfolio(Guid Id, Guid PartnerId, string Code, string Name, decimal FinePercent, decimal MonthlyInterestPercent,
    string CorrectionIndex, DateTimeOffset CreatedAt)
{
    public const string Columns = "id, partner_id, code, name, fine_bp, monthly_interest_bp, correction_index, created_at";

    public static Portfolio From(Row r) => new(r.Id, r.PartnerId, r.Code, r.Name, r.FineBp / 100m, r.MonthlyInterestBp / 100m, r.CorrectionIndex, r.CreatedAt);

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
    }
}
