using FsCheck;
using FsCheck.Fluent;
using Recovery.Debtors.Contracts;
using Recovery.Negotiation.Features.Plans;
using Recovery.Negotiation.Features.Valuation;

namespace Recovery.Negotiation.Tests;

/// <summary>The money formulas of rules.md hold for any input FsCheck finds.</summary>
public sealed class FormulaPropertyTests
{
    private static readonly DateOnly Due = new(2024, 1, 15);

    private static readonly IndexTable Ipca = new(Enumerable.Range(0, 48)
        .ToDictionary(m => ("IPCA", IndexTable.MonthNumber(new DateOnly(2024, 1, 1)) + m), m => (m * 37 % 90) / 100m));  // 0 to 0.89% a month

    private static Debt Debt(long cents, int fineBp, int interestBp, bool consumer, params DebtPayment[] payments) =>
        new(Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid(), "X", DebtStatus.Open, cents, Due, fineBp, interestBp, "IPCA", consumer, null, payments);

    [Test]
    public void Installments_always_add_up_to_the_financed_total() =>
        Prop.ForAll(Gen.Choose(1, 100_000_000).ToArbitrary(), Gen.Choose(1, 120).ToArbitrary(), Gen.Choose(0, 500).ToArbitrary(),
            (int financed, int n, int rateE2) =>
            {
                var amounts = Planner.Price(financed, rateE2 / 10_000m, n);
                var interest = rateE2 == 0 ? 0 : amounts.Sum() - financed;
                return amounts.Count == n && (rateE2 == 0 ? amounts.Sum() == financed : interest >= 0) && amounts.All(a => a >= 0)
                       && amounts.Max() - amounts.Min() <= (rateE2 == 0 ? n : 2);
            }).QuickCheckThrowOnFailure();

    [Test]
    public void A_long_dear_plan_keeps_its_installments_equal_to_the_centavo()
    {
        // R$ 440,84 in 115 installments at 4,98% a month: a payment rounded once left the last one at -R$ 2,15.
        var amounts = Planner.Price(44_084, 0.0498m, 115);
        Assert.That(amounts.Max() - amounts.Min(), Is.LessThanOrEqualTo(1));
        Assert.That(amounts[0], Is.EqualTo(2204));
    }

    [Test]
    public void Price_with_interest_ends_at_exactly_zero_balance() =>
        Prop.ForAll(Gen.Choose(10_000, 100_000_000).ToArbitrary(), Gen.Choose(2, 60).ToArbitrary(), Gen.Choose(1, 500).ToArbitrary(),
            (int financed, int n, int rateE2) =>
            {
                var rate = rateE2 / 10_000m;
                var balance = (long)financed;
                foreach (var a in Planner.Price(financed, rate, n))
                    balance -= a - (long)decimal.Round(balance * rate, 0, MidpointRounding.AwayFromZero);
                return balance == 0;
            }).QuickCheckThrowOnFailure();

    [Test]
    public void The_consumer_fine_never_exceeds_two_percent_of_the_corrected_principal() =>
        Prop.ForAll(Gen.Choose(1, 100_000_000).ToArbitrary(), Gen.Choose(0, 5000).ToArbitrary(), Gen.Choose(1, 1500).ToArbitrary(),
            (int cents, int fineBp, int days) =>
            {
                var v = DebtValuation.Value(Debt(cents, fineBp, 100, consumer: true), Due.AddDays(days), Ipca);
                return v.Fine <= decimal.Round((v.Principal + v.Correction) * 0.02m, 0, MidpointRounding.AwayFromZero)
                       && v.FineCapped == (fineBp > 200);
            }).QuickCheckThrowOnFailure();

    [Test]
    public void An_allocated_payment_never_loses_a_centavo() =>
        Prop.ForAll(Gen.Choose(100, 10_000_000).ToArbitrary(), Gen.Choose(1, 20_000_000).ToArbitrary(), Gen.Choose(1, 900).ToArbitrary(),
            (int cents, int paid, int days) =>
            {
                var at = Due.AddDays(days);
                var before = DebtValuation.Value(Debt(cents, 200, 100, true), at, Ipca);
                var after = DebtValuation.Value(Debt(cents, 200, 100, true, new DebtPayment("P", paid, at)), at, Ipca);
                return after.Total - after.Credit == before.Total - paid && after.Paid == paid && after.Credit >= 0 && after.Total >= 0;
            }).QuickCheckThrowOnFailure();

    [Test]
    public void Valuation_is_monotone_in_the_date_with_non_negative_indices() =>
        Prop.ForAll(Gen.Choose(1, 100_000_000).ToArbitrary(), Gen.Choose(-30, 1500).ToArbitrary(), Gen.Choose(0, 400).ToArbitrary(),
            (int cents, int days, int more) =>
            {
                var debt = Debt(cents, 1000, 300, consumer: cents % 2 == 0);
                return DebtValuation.Value(debt, Due.AddDays(days), Ipca).Total <= DebtValuation.Value(debt, Due.AddDays(days + more), Ipca).Total;
            }).QuickCheckThrowOnFailure();

    [Test]
    public void The_cet_of_a_plan_without_interest_is_zero_and_with_interest_at_least_the_rate() =>
        Prop.ForAll(Gen.Choose(10_000, 10_000_000).ToArbitrary(), Gen.Choose(1, 36).ToArbitrary(), Gen.Choose(0, 400).ToArbitrary(),
            (int financed, int n, int rateE2) =>
            {
                var today = new DateOnly(2026, 1, 10);
                var first = today.AddMonths(1);
                var amounts = Planner.Price(financed, rateE2 / 10_000m, n);
                var schedule = amounts.Select((a, k) => new PlannedInstallment(k + 1, Planner.DueDate(first, k + 1), a)).ToList();
                var (monthly, _) = Planner.Cet(financed, schedule, today);
                return rateE2 == 0 ? monthly == 0 : monthly >= rateE2 / 100m - 0.3m;
            }).QuickCheckThrowOnFailure();

    [Test]
    public void Due_dates_keep_the_day_and_fall_back_to_the_months_last_day()
    {
        Assert.That(Planner.DueDate(new DateOnly(2026, 1, 31), 2), Is.EqualTo(new DateOnly(2026, 2, 28)));
        Assert.That(Planner.DueDate(new DateOnly(2026, 1, 31), 3), Is.EqualTo(new DateOnly(2026, 3, 31)));
        Assert.That(Planner.DueDate(new DateOnly(2028, 1, 30), 2), Is.EqualTo(new DateOnly(2028, 2, 29)));
        Assert.That(Recovery.Negotiation.Features.Agreements.PixCode.Crc16("123456789"), Is.EqualTo(0x29B1), "the CRC-16/CCITT-FALSE check value");
    }
}
