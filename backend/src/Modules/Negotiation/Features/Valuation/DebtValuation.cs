using Recovery.BuildingBlocks;
using Recovery.Debtors.Contracts;

namespace Recovery.Negotiation.Features.Valuation;

/// <summary>What one debt is worth on a date, component by component (rules.md "Valuation").</summary>
internal sealed record DebtValue(
    Guid InvoiceId, DateOnly DueDate, long Principal, long Correction, long Fine, long Interest, int DaysLate, bool FineCapped,
    bool InterestCapped, long Paid, long Credit, bool LegalInterest = false)
{
    public long Charges => Correction + Fine + Interest;
    public long Total => Principal + Charges;
}

/// <summary>
/// The valuation of a debt as of a date: monetary correction by the contract's index, the fine (2% cap for consumers, CDC
/// art. 52 §1), simple moratory interest pro rata die (1% a month cap for consumers), and partial payments allocated to
/// interest, then fine, then correction and principal (Civil Code art. 354). After a late payment what stays unpaid of
/// fine and interest is frozen, and the remaining corrected capital keeps accruing under the contract's terms from that
/// payment's date. Payments beyond the total become the debtor's credit. Where the contract agreed no rate, interest is
/// the legal rate (Civil Code art. 406, Lei 14.905/2024), month by month from the TAXA-LEGAL table.
/// </summary>
internal static class DebtValuation
{
    public const int ConsumerFineCapBp = 200;
    public const int ConsumerInterestCapBp = 100;

    public static DebtValue Value(Debt debt, DateOnly asOf, IndexTable indices)
    {
        var fineBp = debt.Consumer ? Math.Min(debt.FineBasisPoints, ConsumerFineCapBp) : debt.FineBasisPoints;
        var interestBp = debt.LegalInterest ? (int?)null
            : debt.Consumer ? Math.Min(debt.MonthlyInterestBasisPoints, ConsumerInterestCapBp) : debt.MonthlyInterestBasisPoints;
        var state = new State(debt.AmountCents, debt.DueDate);

        foreach (var payment in debt.Payments.Where(p => p.PaidAt <= asOf).OrderBy(p => p.PaidAt))
        {
            var at = state.ChargesAt(payment.PaidAt, debt.DueDate, debt.CorrectionIndex, fineBp, interestBp, indices);
            var left = payment.AmountCents;
            var interest = state.FrozenInterest + at.Interest;
            var fine = at.Fine;
            var correction = state.Correction + at.Correction;
            var paidInterest = Math.Min(left, interest); left -= paidInterest;
            var paidFine = Math.Min(left, fine); left -= paidFine;
            var paidCorrection = Math.Min(left, correction); left -= paidCorrection;
            var paidPrincipal = Math.Min(left, state.Principal); left -= paidPrincipal;
            state.Paid += payment.AmountCents;
            state.Credit += left;
            state.Principal -= paidPrincipal;
            state.Correction = correction - paidCorrection;
            if (payment.PaidAt > debt.DueDate)
            {
                // Late: charges so far are settled or frozen; the capital left accrues from this date on.
                state.FrozenInterest = interest - paidInterest;
                state.FrozenFine = fine - paidFine;
                state.Anchor = payment.PaidAt;
            }
        }

        var now = state.ChargesAt(asOf, debt.DueDate, debt.CorrectionIndex, fineBp, interestBp, indices);
        return new DebtValue(debt.InvoiceId, debt.DueDate, state.Principal, state.Correction + now.Correction, now.Fine,
            state.FrozenInterest + now.Interest, Math.Max(0, asOf.DayNumber - debt.DueDate.DayNumber),
            FineCapped: debt.Consumer && debt.FineBasisPoints > ConsumerFineCapBp && now.Fine > 0,
            InterestCapped: !debt.LegalInterest && debt.Consumer && debt.MonthlyInterestBasisPoints > ConsumerInterestCapBp && state.FrozenInterest + now.Interest > 0,
            state.Paid, state.Credit, debt.LegalInterest);
    }

    private sealed class State(long principal, DateOnly anchor)
    {
        public long Principal = principal;
        public long Correction;
        public long? FrozenFine;
        public long FrozenInterest;
        public DateOnly Anchor = anchor;
        public long Paid;
        public long Credit;

        /// <summary>The charges accrued on the capital still owed, from the anchor date to <paramref name="at"/>.</summary>
        /// <paramref name="interestBp"/> null: the legal rate.
        public (long Correction, long Fine, long Interest) ChargesAt(DateOnly at, DateOnly due, string index, int fineBp, int? interestBp, IndexTable indices)
        {
            if (at <= due || Principal + Correction == 0) return (0, FrozenFine ?? 0, 0);
            var capital = (decimal)(Principal + Correction);
            var correction = Money.Round(capital * (indices.Factor(index, Anchor, at) - 1m));
            var @base = capital + correction;
            var fine = FrozenFine ?? Money.Round(@base * fineBp / 10_000m);
            var days = Math.Max(0, at.DayNumber - Anchor.DayNumber);
            var interest = interestBp is { } bp
                ? Money.Round(@base * bp / 10_000m * days / 30m)
                : Money.Round(@base * indices.LegalRate(Anchor, at));
            return (correction, fine, interest);
        }
    }
}

/// <summary>Monthly index values (percent) by index and month, as loaded by an administrator.</summary>
internal sealed class IndexTable(IReadOnlyDictionary<(string Index, int Month), decimal> values)
{
    public static readonly IndexTable Empty = new(new Dictionary<(string, int), decimal>());

    public static int MonthNumber(DateOnly d) => d.Year * 12 + d.Month - 1;

    /// <summary>
    /// The legal rate over (<paramref name="from"/>, <paramref name="to"/>] as a fraction: Σ r_m / 100 × d_m / days(m) over
    /// each calendar month the interval touches, d_m its days inside it; a month not published yet takes the last one
    /// published before it, and a negative rate counts as zero (rules.md "Valuation" 5).
    /// </summary>
    public decimal LegalRate(DateOnly from, DateOnly to)
    {
        var total = 0m;
        for (var start = from; start < to;)
        {
            var first = start.AddDays(1);
            var daysInMonth = DateTime.DaysInMonth(first.Year, first.Month);
            var last = new DateOnly(first.Year, first.Month, daysInMonth);
            var until = last < to ? last : to;
            total += Math.Max(0m, PublishedRate(MonthNumber(first))) / 100m * (until.DayNumber - start.DayNumber) / daysInMonth;
            start = until;
        }
        return total;
    }

    private decimal PublishedRate(int month)
    {
        for (var m = month; m > month - 120; m--)
            if (values.TryGetValue((LegalRateIndex, m), out var v)) return v;
        return 0m;
    }

    public const string LegalRateIndex = "TAXA-LEGAL";

    /// <summary>
    /// The product of (1 + v/100) over the months strictly after <paramref name="from"/>'s month and strictly before
    /// <paramref name="to"/>'s month that have a value; 1 for NONE.
    /// </summary>
    public decimal Factor(string index, DateOnly from, DateOnly to)
    {
        if (index == "NONE") return 1m;
        var factor = 1m;
        for (var m = MonthNumber(from) + 1; m < MonthNumber(to); m++)
            if (values.TryGetValue((index, m), out var v)) factor *= 1m + v / 100m;
        return factor;
    }
}
