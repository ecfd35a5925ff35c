namespace Recovery.Negotiation.Tests;

/// <summary>rules.md "Valuation", figures worked out by hand in the comments.</summary>
public sealed class ValuationTests
{
    private RecoveryApp _app = null!;
    private HttpClient _partner = null!;
    private HttpClient _agent = null!;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        _app = new RecoveryApp();
        (_partner, _, _) = await _app.PartnerAsync();
        _agent = await _app.PersonAsync("agent");
        // Months after January and before April count: 1.01 × 1.005 = 1.01505. April's value does not (it is D's month).
        await _app.LoadIndexAsync("IPCA", ("2025-01", 9m), ("2025-02", 1.00m), ("2025-03", 0.50m), ("2025-04", 2.00m));
    }

    [OneTimeTearDown] public async Task StopAsync() => await _app.DisposeAsync();

    private async Task<JsonElement> ItemAsync(Guid debtorId, Guid invoiceId, string asOf)
    {
        var valuation = await (await _agent.GetAsync($"/api/v1/debtors/{debtorId}/valuation?asOf={asOf}")).JsonAsync();
        Assert.That(valuation.GetProperty("asOf").GetString(), Is.EqualTo(asOf));
        return valuation.GetProperty("items").EnumerateArray().Single(i => i.GetProperty("invoiceId").GetGuid() == invoiceId);
    }

    [Test]
    public async Task Correction_fine_and_pro_rata_interest_as_of_a_date()
    {
        var (invoiceId, debtorId, _) = await _partner.DebtAsync(TestData.Cpf(), 1000.00m, "2025-01-10");
        var item = await ItemAsync(debtorId, invoiceId, "2025-04-20");
        // 100 days late; correction 1000.00 × 0.01505 = 15.05; base 1015.05; fine 2% = 20.30;
        // interest 1015.05 × 1% × 100/30 = 33.835 → 33.84 (half away from zero); total 1069.19.
        Assert.That(item.GetProperty("daysLate").GetInt32(), Is.EqualTo(100));
        Assert.That(item.Money("principal"), Is.EqualTo(1000.00m));
        Assert.That(item.Money("correction"), Is.EqualTo(15.05m));
        Assert.That(item.Money("fine"), Is.EqualTo(20.30m));
        Assert.That(item.Money("interest"), Is.EqualTo(33.84m));
        Assert.That(item.Money("total"), Is.EqualTo(1069.19m));
        Assert.That(item.GetProperty("fineCapped").GetBoolean(), Is.False);

        var onTime = await ItemAsync(debtorId, invoiceId, "2025-01-10");
        Assert.That(onTime.Money("total"), Is.EqualTo(1000.00m), "no charge while nothing is late");
    }

    [Test]
    public async Task Consumer_caps_are_applied_and_said_and_companies_pay_what_they_agreed()
    {
        var (consumerInvoice, consumer, _) = await _partner.DebtAsync(TestData.Cpf(), 1000.00m, "2025-03-01", fine: 10m, interest: 5m, index: "NONE");
        var item = await ItemAsync(consumer, consumerInvoice, "2025-03-31");
        // 30 days: fine min(10, 2)% = 20.00; interest min(5, 1)% × 30/30 = 10.00.
        Assert.That(item.Money("fine"), Is.EqualTo(20.00m));
        Assert.That(item.Money("interest"), Is.EqualTo(10.00m));
        Assert.That(item.GetProperty("fineCapped").GetBoolean(), Is.True);
        Assert.That(item.GetProperty("interestCapped").GetBoolean(), Is.True);

        var (companyInvoice, company, _) = await _partner.DebtAsync(TestData.Cnpj(), 1000.00m, "2025-03-01", fine: 10m, interest: 5m, index: "NONE", consumer: false);
        var b2b = await ItemAsync(company, companyInvoice, "2025-03-31");
        Assert.That(b2b.Money("fine"), Is.EqualTo(100.00m));
        Assert.That(b2b.Money("interest"), Is.EqualTo(50.00m));
        Assert.That(b2b.GetProperty("fineCapped").GetBoolean(), Is.False);
    }

    [Test]
    public async Task A_partial_payment_pays_interest_then_fine_and_what_is_left_of_them_stops_growing()
    {
        var (invoiceId, debtorId, externalId) = await _partner.DebtAsync(TestData.Cpf(), 1000.00m, "2025-01-10");
        (await _partner.PostAsJsonAsync($"/api/v1/partner/invoices/{externalId}/payments",
            new { paymentId = "PG-1", amount = 50.00m, paidAt = "2025-04-20" })).EnsureSuccessStatusCode();

        var same = await ItemAsync(debtorId, invoiceId, "2025-04-20");
        // 50.00 pays interest 33.84 and 16.16 of the fine 20.30: 4.14 of fine left, 1069.19 - 50.00 = 1019.19.
        Assert.That(same.Money("interest"), Is.EqualTo(0m));
        Assert.That(same.Money("fine"), Is.EqualTo(4.14m));
        Assert.That(same.Money("total"), Is.EqualTo(1019.19m));

        var later = await ItemAsync(debtorId, invoiceId, "2025-05-20");
        // The corrected capital 1015.05 accrues 30 more days: 10.15 (10.1505); no index month between April and May;
        // the fine stays 4.14. 1015.05 + 4.14 + 10.15 = 1029.34.
        Assert.That(later.Money("principal") + later.Money("correction"), Is.EqualTo(1015.05m));
        Assert.That(later.Money("fine"), Is.EqualTo(4.14m));
        Assert.That(later.Money("interest"), Is.EqualTo(10.15m));
        Assert.That(later.Money("total"), Is.EqualTo(1029.34m));
    }

    [Test]
    public async Task Index_tables_load_from_csv_and_bad_input_names_the_line()
    {
        var admin = await _app.AdminAsync();
        var csv = new StringContent("mes;variacao\n2024-01;0,42\n2024-02;0,83\n", System.Text.Encoding.UTF8, "text/csv");
        var loaded = await (await admin.PutAsync("/api/v1/admin/indices/INPC", csv)).JsonAsync();
        Assert.That(loaded.GetProperty("months").GetInt32(), Is.EqualTo(2));
        var listed = await (await _agent.GetAsync("/api/v1/indices/INPC")).JsonAsync();
        Assert.That(listed.GetProperty("values")[1].Money("percent"), Is.EqualTo(0.83m));

        var bad = new StringContent("2024-01,0.42\n2024-02,abc\n", System.Text.Encoding.UTF8, "text/csv");
        var problem = await (await admin.PutAsync("/api/v1/admin/indices/INPC", bad)).AssertProblemAsync(HttpStatusCode.BadRequest);
        Assert.That(problem.ErrorsFor("csv[2]"), Is.Not.Empty);
        var unknown = await (await admin.PutAsJsonAsync("/api/v1/admin/indices/SELIC", new { values = new[] { new { month = "2024-01", percent = 1m } } }))
            .AssertProblemAsync(HttpStatusCode.BadRequest);
        Assert.That(unknown.ErrorsFor("index"), Is.Not.Empty);
        var month = await (await admin.PutAsJsonAsync("/api/v1/admin/indices/IPCA", new { values = new[] { new { month = "2024-13", percent = 1m } } }))
            .AssertProblemAsync(HttpStatusCode.BadRequest);
        Assert.That(month.ErrorsFor("values[0].month"), Is.Not.Empty);
        await (await _agent.PutAsJsonAsync("/api/v1/admin/indices/IPCA", new { values = new[] { new { month = "2024-01", percent = 1m } } }))
            .AssertProblemAsync(HttpStatusCode.Forbidden);
        Assert.That((await (await _agent.GetAsync("/api/v1/indices/INPC")).JsonAsync()).GetProperty("months").GetInt32(), Is.EqualTo(2), "nothing changed");
    }

    [Test]
    public async Task An_unknown_debtor_is_404()
    {
        await (await _agent.GetAsync($"/api/v1/debtors/{Guid.NewGuid()}/valuation")).AssertProblemAsync(HttpStatusCode.NotFound);
        var bad = await (await _agent.GetAsync($"/api/v1/debtors/{Guid.NewGuid()}/valuation?asOf=2025-02-30")).AssertProblemAsync(HttpStatusCode.BadRequest);
        Assert.That(bad.ErrorsFor("asOf"), Is.Not.Empty);
    }
}
