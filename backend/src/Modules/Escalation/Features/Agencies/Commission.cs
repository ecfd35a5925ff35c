using Recovery.BuildingBlocks;

namespace Recovery.Escalation.Features.Agencies;

/// <summary>An agency's commission tier: from <paramref name="MinDaysLate"/> days late at placement on, <paramref name="RateBp"/>
/// hundredths of a percent of what is recovered.</summary>
internal sealed record Tier(int MinDaysLate, int RateBp);

/// <summary>The commission arithmetic (rules.md "Money": half away from zero to the centavo).</summary>
internal static class Commission
{
    /// <summary>The rate of the highest tier the debt reached at placement; 0 when below every tier.</summary>
    public static int RateFor(IEnumerable<Tier> tiers, int daysLate) =>
        tiers.Where(t => t.MinDaysLate <= daysLate).OrderByDescending(t => t.MinDaysLate).Select(t => t.RateBp).FirstOrDefault();

    /// <summary>The commission on an amount recovered (negative for a reversal, which takes back exactly what it gave).</summary>
    public static long Of(long amountCents, int rateBp) =>
        Math.Sign(amountCents) * Money.Round(Math.Abs(amountCents) * (decimal)rateBp / 10_000m);
}
