using Recovery.BuildingBlocks;
using Recovery.Negotiation.Features.Valuation;

namespace Recovery.Negotiation.Features.Plans;

internal sealed record PlanRequest(
    IReadOnlyList<DebtValue> Debts, long DownPaymentCents, int Installments, DateOnly FirstDueDate, decimal DiscountPercent, DateOnly Today);

/// <summary>An entry of the schedule; number 0 is the down payment, due on the agreement date.</summary>
internal sealed record PlannedInstallment(int Number, DateOnly DueDate, long AmountCents);

/// <summary>A rule the plan breaks; <see cref="RequiredRole"/> may still grant it, null when nobody may (the law).</summary>
internal sealed record Violation(string Rule, string Message, string? RequiredRole);

internal sealed record Plan(
    long ValuationCents, long PrincipalCents, long ChargesCents, long DiscountCents, long ChargesDiscountCents,
    long PrincipalDiscountCents, decimal ChargesDiscountPercent, decimal PrincipalDiscountPercent, long TotalCents,
    long DownPaymentCents, long FinancedCents, decimal MonthlyRatePercent, IReadOnlyList<PlannedInstallment> Schedule,
    decimal CetMonthly, decimal CetYearly, string? RequiredRole, IReadOnlyList<Violation> Violations, BucketRule Bucket, int DaysLate,
    bool Cash)
{
    public bool Lawful => Violations.All(v => v.RequiredRole is not null);
}

/// <summary>
/// Makes a payment plan from valued debts under a policy (rules.md "Negotiation"): the discount taken from charges first,
/// Tabela Price installments that add up exactly, month-end due dates, the CET, and every rule the plan breaks with the
/// role that may grant it.
/// </summary>
internal static class Planner
{
    public static readonly string[] Authority = [Roles.Agent, Roles.Supervisor, Roles.Admin];

    public static int Rank(string? role) => role is null ? int.MaxValue : Array.IndexOf(Authority, role) is var i and >= 0 ? i : -1;

    /// <summary>A person may grant a plan when their role ranks at least as high as the plan requires.</summary>
    public static bool MayGrant(string? actorRole, string? requiredRole) =>
        requiredRole is not null && Rank(actorRole) >= Rank(requiredRole);

    public const long MinimumExistencialCents = 600_00;  // Decreto 11.150/2022 as amended by Decreto 11.567/2023

    public static Plan Make(PlanRequest request, Policy policy, long? monthlyIncomeCents, long otherMonthlyInstallmentsCents)
    {
        var valuation = request.Debts.Sum(d => d.Total);
        var principal = request.Debts.Sum(d => d.Principal);
        var charges = valuation - principal;
        var discount = Money.Round(valuation * request.DiscountPercent / 100m);
        var chargesDiscount = Math.Min(discount, charges);
        var principalDiscount = discount - chargesDiscount;
        var chargesPercent = charges == 0 ? 0m : decimal.Round(chargesDiscount * 100m / charges, 2);
        var principalPercent = principal == 0 ? 0m : decimal.Round(principalDiscount * 100m / principal, 2);
        var total = valuation - discount;
        var financed = total - request.DownPaymentCents;
        var cash = request.Installments == 1 && request.DownPaymentCents == 0;
        var rate = policy.MonthlyRatePercent;

        var schedule = new List<PlannedInstallment>();
        if (request.DownPaymentCents > 0) schedule.Add(new PlannedInstallment(0, request.Today, request.DownPaymentCents));
        var amounts = Price(financed, rate / 100m, request.Installments);
        for (var k = 1; k <= request.Installments; k++)
            schedule.Add(new PlannedInstallment(k, DueDate(request.FirstDueDate, k), amounts[k - 1]));

        var cet = Cet(financed, schedule.Where(s => s.Number > 0).ToList(), request.Today);
        var daysLate = request.Debts.Count == 0 ? 0 : request.Debts.Max(d => d.DaysLate);
        var bucket = policy.BucketFor(daysLate);
        var violations = Check(request, policy, bucket, chargesPercent, principalPercent, total, amounts, cash, rate, monthlyIncomeCents,
            otherMonthlyInstallmentsCents);
        var required = violations.Any(v => v.RequiredRole is null)
            ? null
            : violations.Select(v => v.RequiredRole!).Append(Roles.Agent).MaxBy(Rank);

        return new Plan(valuation, principal, charges, discount, chargesDiscount, principalDiscount, chargesPercent, principalPercent, total,
            request.DownPaymentCents, financed, rate, schedule, cet.Monthly, cet.Yearly, required, violations, bucket, daysLate, cash);
    }

    /// <summary>13,07% — percentages in the agents' language.</summary>
    private static string P(decimal percent) => percent.ToString("0.##", Money.PtBr) + "%";

    private static List<Violation> Check(PlanRequest r, Policy policy, BucketRule bucket, decimal chargesPercent, decimal principalPercent,
        long total, IReadOnlyList<long> amounts, bool cash, decimal rate, long? income, long otherInstallments)
    {
        var v = new List<Violation>();
        var bucketName = bucket.ToDays is { } to ? $"de {bucket.FromDays} a {to} dias de atraso" : $"de {bucket.FromDays} dias de atraso ou mais";
        if (chargesPercent > bucket.MaxChargesDiscountPercent)
            v.Add(new("charges_discount", $"Desconto de {P(chargesPercent)} nos encargos acima dos {P(bucket.MaxChargesDiscountPercent)} que a política permite na faixa {bucketName}.", Roles.Admin));

        var principalLimit = bucket.MaxPrincipalDiscountPercent + (cash ? policy.CashExtraPrincipalDiscountPercent : 0m);
        if (principalPercent > principalLimit)
            v.Add(new("principal_discount",
                $"Desconto de {P(principalPercent)} no principal acima dos {P(principalLimit)} que a política permite na faixa {bucketName}{(cash ? " para pagamento à vista" : "")}.",
                principalPercent <= principalLimit + policy.SupervisorExtraPrincipalDiscountPercent ? Roles.Supervisor : Roles.Admin));

        if (r.Installments > bucket.MaxInstallments)
            v.Add(new("max_installments", $"{r.Installments} parcelas: a política permite até {bucket.MaxInstallments} na faixa {bucketName}.", Roles.Admin));

        var minInstallment = Money.ToCents(policy.MinInstallment);
        if (r.Installments > 1 && amounts.Any(a => a < minInstallment))
            v.Add(new("min_installment", $"Parcelas de {Money.Format(amounts.Min())} abaixo do mínimo de {Money.Format(minInstallment)}.", Roles.Admin));

        var minDown = Money.Round(total * bucket.MinDownPaymentPercent / 100m);
        if (r.Installments > 1 && r.DownPaymentCents < minDown)
            v.Add(new("min_down_payment", $"Entrada de {Money.Format(r.DownPaymentCents)} abaixo dos {P(bucket.MinDownPaymentPercent)} ({Money.Format(minDown)}) que a política exige na faixa {bucketName}.", Roles.Admin));

        if (r.FirstDueDate.DayNumber - r.Today.DayNumber > policy.FirstDueMaxDays)
            v.Add(new("first_due_date", $"O primeiro vencimento passa de {policy.FirstDueMaxDays} dias a partir de hoje.", Roles.Admin));

        if (rate > 0 && r.Installments > 1 && !policy.FinancialInstitution && string.IsNullOrWhiteSpace(policy.CompoundingLegalBasis))
            v.Add(new("compounding",
                "Juros capitalizados mensalmente só para instituições financeiras (MP 2.170-36/2001; STJ Súmulas 539 e 541): a carteira deste credor não registra base legal para juros no parcelamento.",
                null));

        if (income is { } monthly)
        {
            var installment = amounts.Count == 0 ? 0 : amounts.Max();
            var left = monthly - otherInstallments - installment;
            if (left < MinimumExistencialCents)
                v.Add(new("minimum_existencial",
                    $"Com este plano restam ao devedor {Money.Format(left)} por mês depois das parcelas, abaixo do mínimo existencial de {Money.Format(MinimumExistencialCents)} (Lei 14.181/2021).",
                    Roles.Agent));
        }
        return v;
    }

    /// <summary>
    /// Tabela Price: equal payments (to the centavo); each period's interest rounded; the last one closes the balance at
    /// exactly zero. The payment is worked out again on each period's balance, so that a payment rounded to the centavo
    /// does not compound over a long, dear plan into a last installment far from the others (or below zero).
    /// </summary>
    public static IReadOnlyList<long> Price(long financed, decimal monthlyRate, int n)
    {
        var amounts = new long[n];
        if (n <= 0) return amounts;
        if (monthlyRate == 0)
        {
            var each = Money.Round((decimal)financed / n);
            for (var k = 0; k < n - 1; k++) amounts[k] = each;
            amounts[n - 1] = financed - each * (n - 1);
            return amounts;
        }
        var balance = financed;
        for (var k = 0; k < n - 1; k++)
        {
            var growth = 1m;
            for (var m = k; m < n; m++) growth *= 1m + monthlyRate;
            var interest = Money.Round(balance * monthlyRate);
            amounts[k] = Money.Round(balance * monthlyRate / (1m - 1m / growth));
            balance -= amounts[k] - interest;
        }
        amounts[n - 1] = balance + Money.Round(balance * monthlyRate);
        return amounts;
    }

    /// <summary>Monthly on the first due date's day; a day the month lacks becomes the month's last day.</summary>
    public static DateOnly DueDate(DateOnly first, int number) => first.AddMonths(number - 1);

    /// <summary>
    /// The monthly rate r at which the installments, discounted at (days from the agreement date)/30 periods, are worth
    /// the financed amount (CDC arts. 52 and 54-B); yearly (1 + r)^12 - 1. Percentages with 4 decimals.
    /// </summary>
    public static (decimal Monthly, decimal Yearly) Cet(long financed, IReadOnlyList<PlannedInstallment> installments, DateOnly today)
    {
        if (financed <= 0 || installments.Count == 0) return (0m, 0m);
        double Pv(double r) => installments.Sum(i => i.AmountCents / Math.Pow(1 + r, (i.DueDate.DayNumber - today.DayNumber) / 30.0));
        double lo = -0.99, hi = 10;
        if (Pv(0) <= financed) hi = 0; else lo = 0;
        for (var k = 0; k < 200 && hi - lo > 1e-12; k++)
        {
            var mid = (lo + hi) / 2;
            if (Pv(mid) > financed) lo = mid; else hi = mid;
        }
        var monthly = (lo + hi) / 2;
        if (Math.Abs(monthly) < 1e-10) monthly = 0;
        return ((decimal)Math.Round(monthly * 100, 4), (decimal)Math.Round((Math.Pow(1 + monthly, 12) - 1) * 100, 4));
    }
}
