using System.Globalization;

namespace Recovery.Reporting.Tests;

public sealed class AgingTests
{
    /// <summary>The buckets of partner-api.md, written here independently of the product's code.</summary>
    private static readonly (int From, int? To)[] Buckets = [(1, 30), (31, 60), (61, 90), (91, 180), (181, 360), (361, null)];

    private sealed record Debt(Guid PartnerId, DateOnly Due, decimal Outstanding, bool Open);

    private static (long Count, decimal Outstanding)[] Expected(IEnumerable<Debt> debts, DateOnly asOf)
    {
        var result = new (long, decimal)[Buckets.Length];
        foreach (var d in debts.Where(d => d.Open))
        {
            var late = asOf.DayNumber - d.Due.DayNumber;
            if (late < 1) continue;
            var i = Array.FindIndex(Buckets, b => late >= b.From && (b.To is null || late <= b.To));
            result[i] = (result[i].Item1 + 1, result[i].Item2 + d.Outstanding);
        }
        return result;
    }

    [Test]
    public async Task Aging_reconciles_with_the_debts_pushed_as_JSON_and_CSV_by_partner_and_portfolio()
    {
        await using var app = new RecoveryApp();
        var (a, aId, _) = await app.PartnerAsync();
        var (b, bId, _) = await app.PartnerAsync();
        var today = app.Today;
        var debts = new List<Debt>();

        async Task<string> PushAsync(HttpClient partner, Guid partnerId, int daysLate, decimal amount, string portfolio = "varejo")
        {
            var body = Invoices.Example(document: TestData.Cpf());
            body["issueDate"] = null;
            body["dueDate"] = today.AddDays(-daysLate).ToString("yyyy-MM-dd");
            body["amount"] = amount;
            body["portfolio"] = portfolio;
            (await partner.PushAsync(body)).EnsureSuccessStatusCode();
            debts.Add(new Debt(partnerId, today.AddDays(-daysLate), amount, true));
            return body["externalId"]!.GetValue<string>();
        }

        foreach (var (late, amount) in new[] { (1, 100.00m), (30, 200.50m), (31, 300.00m), (75, 410.10m), (100, 99.99m), (200, 1000.00m), (361, 5.55m), (900, 70.00m), (0, 11.00m), (-5, 12.00m) })
            await PushAsync(a, aId, late, amount);
        await PushAsync(a, aId, 45, 250.00m, portfolio: "cartao");
        var paid = await PushAsync(a, aId, 20, 150.00m);
        var cancelled = await PushAsync(a, aId, 20, 160.00m);
        var partial = await PushAsync(a, aId, 40, 500.00m);
        await PushAsync(b, bId, 10, 42.00m);

        (await a.PostAsJsonAsync($"/api/v1/partner/invoices/{paid}/payments", new { paymentId = "P1", amount = 150.00m, paidAt = today })).EnsureSuccessStatusCode();
        (await a.PostAsJsonAsync($"/api/v1/partner/invoices/{cancelled}/cancel", new { reason = "erro de cadastro" })).EnsureSuccessStatusCode();
        (await a.PostAsJsonAsync($"/api/v1/partner/invoices/{partial}/payments", new { paymentId = "P2", amount = 120.25m, paidAt = today })).EnsureSuccessStatusCode();
        debts[debts.FindIndex(d => d.Outstanding == 150.00m)] = debts.First(d => d.Outstanding == 150.00m) with { Open = false };
        debts[debts.FindIndex(d => d.Outstanding == 160.00m)] = debts.First(d => d.Outstanding == 160.00m) with { Open = false };
        debts[debts.FindIndex(d => d.Outstanding == 500.00m)] = debts.First(d => d.Outstanding == 500.00m) with { Outstanding = 379.75m };

        var auditor = await app.PersonAsync("auditor");
        var expected = Expected(debts, today);
        await RecoveryApp.EventuallyAsync(async () =>
        {
            var report = await (await auditor.GetAsync("/api/v1/reports/aging")).JsonAsync();
            return report.GetProperty("buckets").EnumerateArray().Select(x => x.Money("outstanding")).SequenceEqual(expected.Select(e => e.Outstanding));
        }, "the report to catch up with the events");

        var all = await (await auditor.GetAsync("/api/v1/reports/aging")).JsonAsync();
        Assert.That(all.GetProperty("asOf").GetString(), Is.EqualTo(today.ToString("yyyy-MM-dd")));
        var buckets = all.GetProperty("buckets").EnumerateArray().ToArray();
        Assert.That(buckets.Select(x => (x.GetProperty("from").GetInt32(), x.GetProperty("to").ValueKind == JsonValueKind.Null ? (int?)null : x.GetProperty("to").GetInt32())),
            Is.EqualTo(Buckets));
        Assert.That(buckets.Select(x => x.GetProperty("count").GetInt64()), Is.EqualTo(expected.Select(e => e.Count)));
        Assert.That(all.Money("total"), Is.EqualTo(expected.Sum(e => e.Outstanding)));

        var onlyA = await (await auditor.GetAsync($"/api/v1/reports/aging?partnerId={aId}")).JsonAsync();
        Assert.That(onlyA.Money("total"), Is.EqualTo(Expected(debts.Where(d => d.PartnerId == aId), today).Sum(e => e.Outstanding)));
        var cartao = await (await auditor.GetAsync($"/api/v1/reports/aging?partnerId={aId}&portfolio=cartao")).JsonAsync();
        Assert.That(cartao.Money("total"), Is.EqualTo(250.00m));
        Assert.That(cartao.GetProperty("buckets")[1].GetProperty("count").GetInt64(), Is.EqualTo(1));

        var later = today.AddDays(30);
        var shifted = await (await auditor.GetAsync($"/api/v1/reports/aging?asOf={later:yyyy-MM-dd}")).JsonAsync();
        Assert.That(shifted.GetProperty("buckets").EnumerateArray().Select(x => x.GetProperty("count").GetInt64()), Is.EqualTo(Expected(debts, later).Select(e => e.Count)));

        var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/reports/aging?dialect=en");
        request.Headers.Accept.ParseAdd("text/csv");
        var csv = await auditor.SendAsync(request);
        Assert.That(csv.Content.Headers.ContentType!.MediaType, Is.EqualTo("text/csv"));
        var lines = (await csv.Content.ReadAsStringAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.TrimEnd('\r')).ToArray();
        Assert.That(lines[0], Is.EqualTo("as_of,from,to,count,outstanding"));
        Assert.That(lines.Skip(1).Select(l => decimal.Parse(l.Split(',')[4], CultureInfo.InvariantCulture)), Is.EqualTo(expected.Select(e => e.Outstanding)));
        Assert.That(lines[^1], Does.StartWith($"{today:yyyy-MM-dd},361,,"));

        var agent = await app.PersonAsync("agent");
        await (await agent.GetAsync("/api/v1/reports/aging")).AssertProblemAsync(HttpStatusCode.Forbidden);
        var supervisor = await app.PersonAsync("supervisor");  // watches the team: reads the reports, not the audit trail
        Assert.That((await supervisor.GetAsync("/api/v1/reports/productivity")).StatusCode, Is.EqualTo(HttpStatusCode.OK));
        await (await supervisor.GetAsync("/api/v1/audit")).AssertProblemAsync(HttpStatusCode.Forbidden);
        var bad = await (await auditor.GetAsync("/api/v1/reports/aging?asOf=2026-02-30")).AssertProblemAsync(HttpStatusCode.BadRequest);
        Assert.That(bad.ErrorsFor("asOf"), Is.Not.Empty);
    }
}
