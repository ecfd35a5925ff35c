using System.Text.Json.Nodes;
using Recovery.Debtors.Contracts;
using Recovery.Negotiation.Features.Valuation;

namespace Recovery.Negotiation.Tests;

/// <summary>
/// rules.md "Valuation" 5: where the contract agreed no rate, the legal rate (Civil Code art. 406, Lei 14.905/2024),
/// simple and month by month from the TAXA-LEGAL table. Figures by hand in the comments.
/// </summary>
public sealed class LegalRateTests
{
    private static IndexTable Legal(params (int Year, int Month, decimal Percent)[] rates) =>
        new(rates.ToDictionary(r => (IndexTable.LegalRateIndex, IndexTable.MonthNumber(new DateOnly(r.Year, r.Month, 1))), r => r.Percent));

    private static Debt NoRateAgreed(long cents, DateOnly due, bool consumer = true) =>
        new(Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid(), "X", DebtStatus.Open, cents, due, 0, 0, "NONE", consumer, null, [], LegalInterest: true);

    [Test]
    public void Each_month_counts_its_own_rate_over_its_own_days()
    {
        // rules.md's example: 1,000.00 from 2026-01-31 to 2026-03-31, Feb 0.40% and Mar 0.45%: 4.00 + 4.50 = 8.50.
        var value = DebtValuation.Value(NoRateAgreed(100_000, new(2026, 1, 31)), new(2026, 3, 31), Legal((2026, 2, 0.40m), (2026, 3, 0.45m)));
        Assert.That(value.Interest, Is.EqualTo(850));
        Assert.That(value.LegalInterest, Is.True);
        Assert.That(value.InterestCapped, Is.False);
    }

    [Test]
    public void A_month_boundary_inside_the_interval_splits_the_days()
    {
        // 2026-02-10 to 2026-03-15: 18 of February's 28 days at 0.40% = 0.257142…%, 15 of March's 31 at 0.45% = 0.217741…%;
        // 1,000.00 × 0.474884…% = 4.7488… → 4.75.
        var value = DebtValuation.Value(NoRateAgreed(100_000, new(2026, 2, 10)), new(2026, 3, 15), Legal((2026, 2, 0.40m), (2026, 3, 0.45m)));
        Assert.That(value.Interest, Is.EqualTo(475));
    }

    [Test]
    public void A_negative_month_counts_as_zero_and_a_month_not_yet_published_takes_the_last_one()
    {
        // February −0.10% counts 0; March 0.45%: 4.50.
        var negative = DebtValuation.Value(NoRateAgreed(100_000, new(2026, 1, 31)), new(2026, 3, 31), Legal((2026, 2, -0.10m), (2026, 3, 0.45m)));
        Assert.That(negative.Interest, Is.EqualTo(450));
        // Only January published (0.38%): February and March take it: 3.80 + 3.80 = 7.60.
        var unpublished = DebtValuation.Value(NoRateAgreed(100_000, new(2026, 1, 31)), new(2026, 3, 31), Legal((2026, 1, 0.38m)));
        Assert.That(unpublished.Interest, Is.EqualTo(760));
    }

    [Test]
    public async Task A_partner_says_no_rate_was_agreed_and_the_valuation_says_the_legal_rate_applies()
    {
        await using var app = new RecoveryApp();
        var (partner, _, _) = await app.PartnerAsync();
        var agent = await app.PersonAsync("agent");
        await app.LoadIndexAsync("TAXA-LEGAL", ("2026-02", 0.40m), ("2026-03", 0.45m));

        var body = Invoices.Example(document: TestData.Cpf());
        body["amount"] = 1000.00m;
        body["issueDate"] = null;
        body["dueDate"] = "2026-01-31";
        body["terms"] = new JsonObject { ["finePercent"] = 0m, ["interestAgreed"] = false };
        var invoice = await (await partner.PushAsync(body)).JsonAsync();
        var debtorId = invoice.GetProperty("debtorId").GetGuid();

        var valuation = await (await agent.GetAsync($"/api/v1/debtors/{debtorId}/valuation?asOf=2026-03-31")).JsonAsync();
        var item = valuation.GetProperty("items")[0];
        Assert.That(item.GetProperty("interestBasis").GetString(), Is.EqualTo("legalRate"));
        Assert.That(item.Money("interest"), Is.EqualTo(8.50m));
        Assert.That(item.GetProperty("correctionIndex").GetString(), Is.EqualTo("IPCA"), "no index agreed: IPCA (Civil Code art. 389)");

        body["externalId"] = "SEM-TAXA-2";
        body["terms"] = new JsonObject { ["monthlyInterestPercent"] = 1m, ["interestAgreed"] = false };
        var contradiction = await (await partner.PushAsync(body)).AssertProblemAsync(HttpStatusCode.BadRequest);
        Assert.That(contradiction.ErrorsFor("terms.monthlyInterestPercent"), Is.Not.Empty);
    }
}
