using System.Text.Json;
using Recovery.BuildingBlocks.Data;
using Recovery.BuildingBlocks.Messaging;

namespace Recovery.Negotiation.Features.Plans;

/// <summary>
/// One delinquency bucket's limits (rules.md "Negotiation"). <see cref="ToDays"/> null: no upper bound.
/// <see cref="SelfService"/>: what the debtor may take alone in the portal; null gives the default, half the agent's.
/// </summary>
internal sealed record BucketRule(
    int FromDays, int? ToDays, decimal MaxChargesDiscountPercent, decimal MaxPrincipalDiscountPercent, int MaxInstallments,
    decimal MinDownPaymentPercent, SelfServiceLimits? SelfService = null);

/// <summary>
/// The self-service authority of a bucket, below the agent's: the most discount on charges and on principal (plus the
/// extra for paying in full now) and the most installments a debtor may take in the portal without an agent.
/// </summary>
internal sealed record SelfServiceLimits(
    decimal MaxChargesDiscountPercent, decimal MaxPrincipalDiscountPercent, decimal CashExtraPrincipalDiscountPercent, int MaxInstallments);

/// <summary>The portfolio's Pix key and how the receiver is named in the BR Code (name up to 25, city up to 15 characters).</summary>
internal sealed record PixSettings(string Key, string MerchantName, string City);

/// <summary>
/// A portfolio's negotiation policy. Stored as one JSON document per version; an agreement records the version it was
/// made under (0: the product's default).
/// </summary>
internal sealed record Policy(
    IReadOnlyList<BucketRule> Buckets,
    decimal MinInstallment,
    decimal MonthlyRatePercent,
    decimal CashExtraPrincipalDiscountPercent,
    int FirstDueMaxDays,
    int BreachToleranceDays,
    decimal SupervisorExtraPrincipalDiscountPercent,
    bool FinancialInstitution,
    string? CompoundingLegalBasis,
    PixSettings? Pix)
{
    /// <summary>The default of rules.md for a new portfolio.</summary>
    public static readonly Policy Default = new(
        [
            new(1, 30, 0, 0, 3, 20),
            new(31, 60, 30, 0, 6, 10),
            new(61, 90, 50, 0, 10, 10),
            new(91, 180, 80, 5, 12, 10),
            new(181, 360, 100, 10, 18, 5),
            new(361, null, 100, 30, 24, 5),
        ],
        MinInstallment: 50.00m, MonthlyRatePercent: 0m, CashExtraPrincipalDiscountPercent: 10m, FirstDueMaxDays: 30,
        BreachToleranceDays: 30, SupervisorExtraPrincipalDiscountPercent: 10m, FinancialInstitution: false,
        CompoundingLegalBasis: null, Pix: null);

    /// <summary>The bucket for a number of days late; a debt not yet late negotiates as the first bucket.</summary>
    public BucketRule BucketFor(int daysLate) =>
        Buckets.FirstOrDefault(b => daysLate >= b.FromDays && (b.ToDays is null || daysLate <= b.ToDays))
        ?? (daysLate < Buckets[0].FromDays ? Buckets[0] : Buckets[^1]);
}

internal sealed record PolicyVersion(Guid PortfolioId, int Version, Policy Policy, string? CreatedBy, DateTimeOffset? CreatedAt);

internal static class PolicyStore
{
    public static async Task<PolicyVersion> CurrentAsync(DbSession session, Guid portfolioId)
    {
        var row = await session.QueryFirstOrDefaultAsync<Row>(session.Dialect.Limit(
            "SELECT version, document, created_by, created_at FROM negotiation.policy WHERE portfolio_id = @PortfolioId ORDER BY version DESC",
            "@Take"), new { PortfolioId = portfolioId, Take = 1 });
        return row is null
            ? new PolicyVersion(portfolioId, 0, Policy.Default, null, null)
            : new PolicyVersion(portfolioId, row.Version, JsonSerializer.Deserialize<Policy>(row.Document, EventTypes.Json)!, row.CreatedBy, row.CreatedAt);
    }

    /// <summary>The version an agreement was made under (0: the product's default).</summary>
    public static async Task<Policy> VersionAsync(DbSession session, Guid portfolioId, int version)
    {
        if (version == 0) return Policy.Default;
        var document = await session.ExecuteScalarAsync<string>(
            "SELECT document FROM negotiation.policy WHERE portfolio_id = @PortfolioId AND version = @Version", new { PortfolioId = portfolioId, Version = version });
        return JsonSerializer.Deserialize<Policy>(document!, EventTypes.Json)!;
    }

    private sealed class Row
    {
        public int Version { get; init; }
        public string Document { get; init; } = "";
        public string CreatedBy { get; init; } = "";
        public DateTimeOffset CreatedAt { get; init; }
    }
}
