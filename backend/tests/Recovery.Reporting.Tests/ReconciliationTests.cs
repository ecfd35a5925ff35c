using System.Globalization;

namespace Recovery.Reporting.Tests;

/// <summary>
/// A known book pushed by two creditors, paid into, negotiated by two agents and partly broken, then every report's
/// figures against values the test keeps itself from what it did and what the API answered; a rebuild from the
/// journal gives the same reports.
/// </summary>
public sealed class ReconciliationTests
{
    private sealed record Placed(Guid PartnerId, string Portfolio, decimal Amount);

    private static string Month(DateOnly d) => d.ToString("yyyy-MM", CultureInfo.InvariantCulture);

    private static async Task<JsonElement> GetAsync(HttpClient client, string url)
    {
        var response = await client.GetAsync(url);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), $"{url}: {await response.Content.ReadAsStringAsync()}");
        return await response.JsonAsync();
    }

    private static async Task<string[]> CsvAsync(HttpClient client, string url)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, url + (url.Contains('?') ? "&" : "?") + "dialect=en");
        request.Headers.Accept.ParseAdd("text/csv");
        var response = await client.SendAsync(request);
        Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("text/csv"), url);
        return (await response.Content.ReadAsStringAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.TrimEnd('\r')).ToArray();
    }

    [Test]
    public async Task Every_report_reconciles_with_the_book_the_test_made_and_a_rebuild_gives_the_same()
    {
        // The rebuild runs only when the test starts it: a second request while one is pending is refused, whatever the timing.
        await using var app = new RecoveryApp(new()
        {
            ["Negotiation:Agreements:Interval"] = "00:00:00.200",
            ["Messaging:UnscheduledJobs:0"] = "reporting-rebuild",
        });
        var (a, aId, _) = await app.PartnerAsync();
        var (b, bId, _) = await app.PartnerAsync();
        var ana = await app.PersonAsync("agent", "Ana Cobradora");
        var bruno = await app.PersonAsync("agent", "Bruno Negociador");
        var (anaEmail, brunoEmail) = (app.EmailOf(ana), app.EmailOf(bruno));
        var today = app.Today;
        var placed = new List<Placed>();

        async Task<(Guid InvoiceId, Guid DebtorId, string ExternalId)> PushAsync(HttpClient partner, Guid partnerId, decimal amount, int daysLate,
            string portfolio = "varejo")
        {
            var body = Invoices.Example(document: TestData.Cpf());
            body["issueDate"] = null;
            body["dueDate"] = today.AddDays(-daysLate).ToString("yyyy-MM-dd");
            body["amount"] = amount;
            body["portfolio"] = portfolio;
            var invoice = await (await partner.PushAsync(body)).JsonAsync();
            placed.Add(new Placed(partnerId, portfolio, amount));
            return (invoice.GetProperty("id").GetGuid(), invoice.GetProperty("debtorId").GetGuid(), invoice.GetProperty("externalId").GetString()!);
        }

        async Task<(Guid Id, decimal Total, decimal[] Installments)> AgreeAsync(HttpClient agent, (Guid InvoiceId, Guid DebtorId, string) debt, int installments)
        {
            var created = await agent.PostAsJsonAsync("/api/v1/agreements", new
            {
                debtorId = debt.DebtorId, invoiceIds = new[] { debt.InvoiceId }, downPayment = 100.00m, installments,
                firstDueDate = today.AddDays(30).ToString("yyyy-MM-dd"), discountPercent = 0m,
            });
            Assert.That(created.StatusCode, Is.EqualTo(HttpStatusCode.Created), await created.Content.ReadAsStringAsync());
            var agreement = await created.JsonAsync();
            Assert.That(agreement.GetProperty("status").GetString(), Is.EqualTo("active"));
            return (agreement.GetProperty("id").GetGuid(), agreement.Money("total"),
                agreement.GetProperty("installments").EnumerateArray().Select(i => i.Money("amount")).ToArray());
        }

        async Task PayAsync(HttpClient agent, Guid agreementId, string paymentId, decimal amount) =>
            (await agent.PostAsJsonAsync($"/api/v1/agreements/{agreementId}/payments", new { paymentId, amount, paidAt = today })).EnsureSuccessStatusCode();

        // The book: six debts of A (one in another portfolio), one of B.
        var paidInFull = await PushAsync(a, aId, 500.00m, 100);
        var partlyPaid = await PushAsync(a, aId, 800.00m, 60);
        var kept = await PushAsync(a, aId, 1000.00m, 200);
        var toBreak = await PushAsync(a, aId, 1000.00m, 200);
        var completed = await PushAsync(a, aId, 600.00m, 45, portfolio: "cartao");
        var untouched = await PushAsync(a, aId, 300.00m, 10);
        await PushAsync(b, bId, 42.00m, 15);

        (await a.PostAsJsonAsync($"/api/v1/partner/invoices/{paidInFull.ExternalId}/payments", new { paymentId = "P1", amount = 500.00m, paidAt = today })).EnsureSuccessStatusCode();
        (await a.PostAsJsonAsync($"/api/v1/partner/invoices/{partlyPaid.ExternalId}/payments", new { paymentId = "P2", amount = 120.25m, paidAt = today })).EnsureSuccessStatusCode();
        (await ana.PostAsJsonAsync($"/api/v1/debtors/{partlyPaid.DebtorId}/promises", new { amount = 100.00m, dueDate = today.AddDays(5) })).EnsureSuccessStatusCode();
        (await ana.PostAsJsonAsync($"/api/v1/debtors/{partlyPaid.DebtorId}/calls", new { phone = "+5511987654321", outcome = "promise" })).EnsureSuccessStatusCode();

        var x = await AgreeAsync(ana, kept, 2);          // down payment and the first installment paid: stays active
        await PayAsync(ana, x.Id, "X0", x.Installments[0]);
        await PayAsync(ana, x.Id, "X1", x.Installments[1]);
        var y = await AgreeAsync(ana, toBreak, 2);       // down payment only: breaks after the first installment's tolerance
        await PayAsync(ana, y.Id, "Y0", y.Installments[0]);
        var z = await AgreeAsync(bruno, completed, 1);   // paid off
        await PayAsync(bruno, z.Id, "Z0", z.Installments[0]);
        await PayAsync(bruno, z.Id, "Z1", z.Installments[1]);

        var recoveredByAna = x.Installments[0] + x.Installments[1] + y.Installments[0];
        var recoveredByBruno = z.Total;
        var recovered = 500.00m + 120.25m + recoveredByAna + recoveredByBruno;
        var auditor = await app.PersonAsync("auditor");
        var period = $"from={today:yyyy-MM-01}&to={today:yyyy-MM-dd}";

        await RecoveryApp.EventuallyAsync(async () =>
        {
            var agreements = await GetAsync(auditor, $"/api/v1/reports/agreements?{period}");
            var recovery = await GetAsync(auditor, $"/api/v1/reports/recovery?{period}");
            return agreements.GetProperty("total").GetProperty("completed").GetInt64() == 1 && recovery.GetProperty("total").Money("recovered") == recovered
                   && recovery.GetProperty("total").GetProperty("debts").GetInt64() == placed.Count;
        }, "the reports to catch up with the events");

        // Recovery by month: everything was placed and paid this month.
        var byMonth = await GetAsync(auditor, $"/api/v1/reports/recovery?{period}");
        var row = byMonth.GetProperty("rows").EnumerateArray().Single();
        Assert.That(row.GetProperty("month").GetString(), Is.EqualTo(Month(today)));
        Assert.That(row.GetProperty("debts").GetInt64(), Is.EqualTo(placed.Count));
        Assert.That(row.Money("placed"), Is.EqualTo(placed.Sum(p => p.Amount)));
        Assert.That(row.Money("recovered"), Is.EqualTo(recovered));
        Assert.That(row.GetProperty("rate").GetDecimal(), Is.EqualTo(Math.Round(recovered / placed.Sum(p => p.Amount), 4)));
        var onlyA = await GetAsync(auditor, $"/api/v1/reports/recovery?{period}&partnerId={aId}");
        Assert.That(onlyA.GetProperty("total").Money("placed"), Is.EqualTo(placed.Where(p => p.PartnerId == aId).Sum(p => p.Amount)));
        var onlyB = await GetAsync(auditor, $"/api/v1/reports/recovery?{period}&partnerId={bId}");
        Assert.That(onlyB.GetProperty("total").Money("recovered"), Is.EqualTo(0m));
        var cartao = await GetAsync(auditor, $"/api/v1/reports/recovery?{period}&portfolio=cartao");
        Assert.That(cartao.GetProperty("total").Money("placed"), Is.EqualTo(600.00m));
        Assert.That(cartao.GetProperty("total").Money("recovered"), Is.EqualTo(z.Total));
        var byAna = await GetAsync(auditor, $"/api/v1/reports/recovery?{period}&agent={anaEmail.ToUpperInvariant()}");
        Assert.That(byAna.GetProperty("total").Money("recovered"), Is.EqualTo(recoveredByAna));
        var cohort = await GetAsync(auditor, $"/api/v1/reports/recovery?{period}&by=cohort");
        Assert.That(cohort.GetProperty("rows")[0].Money("recovered"), Is.EqualTo(recovered));

        // Agreements made this month and where they stand.
        var agreementsNow = await GetAsync(auditor, $"/api/v1/reports/agreements?{period}");
        var total = agreementsNow.GetProperty("total");
        Assert.That(total.GetProperty("created").GetInt64(), Is.EqualTo(3));
        Assert.That(total.GetProperty("active").GetInt64(), Is.EqualTo(2));
        Assert.That(total.GetProperty("completed").GetInt64(), Is.EqualTo(1));
        Assert.That(total.Money("amount"), Is.EqualTo(x.Total + y.Total + z.Total));
        Assert.That(total.Money("paid"), Is.EqualTo(recoveredByAna + recoveredByBruno));
        Assert.That(total.GetProperty("keptRate").GetDecimal(), Is.EqualTo(1m));

        // What each agent did.
        await RecoveryApp.EventuallyAsync(async () => (await GetAsync(auditor, $"/api/v1/reports/productivity?{period}")).GetProperty("agents")
            .EnumerateArray().Any(l => l.GetProperty("calls").GetInt64() == 1), "Ana's call in productivity");
        var productivity = (await GetAsync(auditor, $"/api/v1/reports/productivity?{period}")).GetProperty("agents").EnumerateArray()
            .ToDictionary(l => l.GetProperty("agent").GetString()!);
        Assert.That(productivity.Keys, Is.EquivalentTo(new[] { anaEmail, brunoEmail }));
        Assert.That(productivity[anaEmail].GetProperty("promises").GetInt64(), Is.EqualTo(1));
        Assert.That(productivity[anaEmail].GetProperty("outcomes").GetProperty("promise").GetInt64(), Is.EqualTo(1));
        Assert.That(productivity[brunoEmail].GetProperty("calls").GetInt64(), Is.Zero);
        Assert.That(productivity[anaEmail].GetProperty("agreements").GetInt64(), Is.EqualTo(2));
        Assert.That(productivity[anaEmail].Money("agreementAmount"), Is.EqualTo(x.Total + y.Total));
        Assert.That(productivity[anaEmail].Money("recovered"), Is.EqualTo(recoveredByAna));
        Assert.That(productivity[brunoEmail].GetProperty("agreements").GetInt64(), Is.EqualTo(1));
        Assert.That(productivity[brunoEmail].Money("recovered"), Is.EqualTo(recoveredByBruno));

        // Sixty-two days on, the agreement with only its down payment paid breaks; its debt is aged again, less what was paid.
        app.Clock.Advance(TimeSpan.FromDays(62));
        var later = app.Today;
        auditor = await app.AgainAsync(auditor);
        var wholePeriod = $"from={today:yyyy-MM-01}&to={later:yyyy-MM-dd}";
        await RecoveryApp.EventuallyAsync(async () =>
            (await GetAsync(auditor, $"/api/v1/reports/agreements?{wholePeriod}")).GetProperty("total").GetProperty("broken").GetInt64() == 1,
            "the agreement to break");
        var afterBreak = (await GetAsync(auditor, $"/api/v1/reports/agreements?{wholePeriod}")).GetProperty("total");
        Assert.That(afterBreak.GetProperty("active").GetInt64(), Is.EqualTo(1));
        Assert.That(afterBreak.GetProperty("keptRate").GetDecimal(), Is.EqualTo(0.5m));

        // The default rate, month by month: in force at some time in the month, broken in it.
        var spans = new[] { (Activated: today, Ended: (DateOnly?)null, Broken: false), (today, later, true), (today, today, false) };
        var expectedRates = new List<(string, long, long)>();
        for (var m = new DateOnly(today.Year, today.Month, 1); m <= later; m = m.AddMonths(1))
        {
            var end = m.AddMonths(1).AddDays(-1);
            expectedRates.Add((Month(m), spans.Count(s => s.Activated <= end && (s.Ended is null || s.Ended >= m)),
                spans.Count(s => s.Broken && s.Ended >= m && s.Ended <= end)));
        }
        var rates = (await GetAsync(auditor, $"/api/v1/reports/default-rate?{wholePeriod}")).GetProperty("months").EnumerateArray()
            .Select(l => (l.GetProperty("month").GetString()!, l.GetProperty("inForce").GetInt64(), l.GetProperty("broken").GetInt64())).ToList();
        Assert.That(rates, Is.EqualTo(expectedRates));

        var aged = await GetAsync(auditor, $"/api/v1/reports/aging?partnerId={aId}");
        var openA = 800.00m - 120.25m + (1000.00m - y.Installments[0]) + 300.00m;
        Assert.That(aged.Money("total"), Is.EqualTo(openA), "the broken agreement's debt is back with the down payment credited");
        var agedDebts = await CsvAsync(auditor, $"/api/v1/reports/aging/debts?partnerId={aId}");
        Assert.That(agedDebts[0], Does.StartWith("invoice_id,external_id,"));
        Assert.That(agedDebts.Skip(1).Sum(l => decimal.Parse(l.Split(',')[^1], CultureInfo.InvariantCulture)), Is.EqualTo(openA));
        Assert.That(agedDebts.Skip(1).Select(l => l.Split(',')[1]), Is.EquivalentTo(new[] { partlyPaid.ExternalId, toBreak.ExternalId, untouched.ExternalId }));

        // Each report as CSV: a header and the same figures.
        var recoveryCsv = await CsvAsync(auditor, $"/api/v1/reports/recovery?{wholePeriod}");
        Assert.That(recoveryCsv[0], Is.EqualTo("month,debts_placed,placed,recovered,rate"));
        Assert.That(decimal.Parse(recoveryCsv[^1].Split(',')[3], CultureInfo.InvariantCulture), Is.EqualTo(recovered));
        foreach (var (report, header) in new[]
                 {
                     ("agreements", "month,created,pending_approval,active,completed,broken,cancelled,amount,paid,kept_rate"),
                     ("productivity", "agent,contacts,promises,promises_kept,agreements,agreement_amount,recovered,calls,outcomes"),
                     ("dunning-funnel", "step,channel,sent,delivered,failed,paid_within_7_days,paid_rate"),
                     ("negativacao", "negativacao_id,invoice_id,external_id,registered_on,debt_status,left_open_on,removal_due_on,late"),
                     ("default-rate", "month,in_force,broken,rate"),
                 })
            Assert.That((await CsvAsync(auditor, $"/api/v1/reports/{report}?{wholePeriod}"))[0], Is.EqualTo(header), report);

        // A rebuild from the journal gives the same figures.
        var urls = new[] { "recovery", "recovery?by=cohort&", "agreements", "productivity", "default-rate", "dunning-funnel", "negativacao" }
            .Select(r => $"/api/v1/reports/{r}{(r.EndsWith('&') ? "" : "?")}{wholePeriod}").Append($"/api/v1/reports/aging?partnerId={aId}").ToList();
        var before = new List<string>();
        foreach (var url in urls) before.Add((await GetAsync(auditor, url)).GetRawText());
        var admin = await app.AdminAsync();
        var started = await admin.PostAsJsonAsync("/api/v1/reports/rebuild", new { });
        Assert.That(started.StatusCode, Is.EqualTo(HttpStatusCode.Accepted), await started.Content.ReadAsStringAsync());
        Assert.That((await started.JsonAsync()).GetProperty("rebuilding").GetBoolean(), Is.True);
        await (await admin.PostAsJsonAsync("/api/v1/reports/rebuild", new { })).AssertProblemAsync(HttpStatusCode.Conflict);
        await (await auditor.PostAsJsonAsync("/api/v1/reports/rebuild", new { })).AssertProblemAsync(HttpStatusCode.Forbidden);
        var run = await (await admin.PostAsJsonAsync("/api/v1/admin/jobs/reporting-rebuild/runs", new { })).JsonAsync();
        Assert.That(run.GetProperty("outcome").GetString(), Does.StartWith("read models rebuilt"));
        var status = await GetAsync(auditor, "/api/v1/reports/rebuild");
        Assert.That(status.GetProperty("rebuilding").GetBoolean(), Is.False);
        Assert.That(status.GetProperty("replayedThrough").GetInt64(), Is.EqualTo(status.GetProperty("journalEntries").GetInt64()));
        for (var i = 0; i < urls.Count; i++)
            Assert.That((await GetAsync(auditor, urls[i])).GetRawText(), Is.EqualTo(before[i]), urls[i]);

        var bad = await (await auditor.GetAsync($"/api/v1/reports/recovery?from={later:yyyy-MM-dd}&to={today:yyyy-MM-dd}")).AssertProblemAsync(HttpStatusCode.BadRequest);
        Assert.That(bad.ErrorsFor("from"), Is.Not.Empty);
        var badBy = await (await auditor.GetAsync("/api/v1/reports/recovery?by=week")).AssertProblemAsync(HttpStatusCode.BadRequest);
        Assert.That(badBy.ErrorsFor("by"), Is.Not.Empty);
    }
}
