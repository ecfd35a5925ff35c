using Recovery.Negotiation.Features.Plans;

namespace Recovery.Negotiation.Features.SelfService;

/// <summary>
/// The self-service authority: what a debtor may take alone in the portal, below the agent's. A plan is within it when it
/// breaks no rule at all (the mínimo existencial is only a warning the debtor reads) and stays within the bucket's
/// self-service limits (by default half of every agent discount, and the agent's installments).
/// </summary>
internal static class SelfServiceAuthority
{
    /// <summary>Recorded as the agreement's required role.</summary>
    public const string Role = "self_service";

    public const string MinimumExistencial = "minimum_existencial";

    public static SelfServiceLimits LimitsFor(Policy policy, BucketRule bucket) =>
        bucket.SelfService ?? new SelfServiceLimits(Half(bucket.MaxChargesDiscountPercent), Half(bucket.MaxPrincipalDiscountPercent),
            Half(policy.CashExtraPrincipalDiscountPercent), bucket.MaxInstallments);

    private static decimal Half(decimal percent) => decimal.Round(percent / 2m, 2, MidpointRounding.ToZero);

    public static bool Allows(Plan plan, Policy policy)
    {
        if (plan.Violations.Any(v => v.Rule != MinimumExistencial)) return false;
        var limits = LimitsFor(policy, plan.Bucket);
        var principalLimit = limits.MaxPrincipalDiscountPercent + (plan.Cash ? limits.CashExtraPrincipalDiscountPercent : 0m);
        var installments = plan.Schedule.Count(s => s.Number > 0);
        return plan.ChargesDiscountPercent <= limits.MaxChargesDiscountPercent
               && plan.PrincipalDiscountPercent <= principalLimit
               && installments <= limits.MaxInstallments;
    }

    /// <summary>The warning the debtor reads, or null.</summary>
    public static string? Warning(Plan plan) => plan.Violations.FirstOrDefault(v => v.Rule == MinimumExistencial)?.Message;

    /// <summary>
    /// The largest discount, as a percentage of the valuation with two decimals, that stays within the limits: taken from
    /// the charges first, then the principal (rules.md), so the principal is touched only when all charges may go.
    /// </summary>
    public static decimal MaxDiscountPercent(long valuationCents, long principalCents, decimal chargesLimit, decimal principalLimit)
    {
        if (valuationCents <= 0) return 0m;
        var charges = valuationCents - principalCents;
        var chargesMax = (long)decimal.Floor(charges * chargesLimit / 100m);
        var discount = chargesMax < charges ? chargesMax : charges + (long)decimal.Floor(principalCents * principalLimit / 100m);
        return decimal.Round(discount * 100m / valuationCents, 2, MidpointRounding.ToZero);
    }
}
