using System.Net.Http.Headers;
using System.Text.Json.Nodes;

namespace Recovery.Api.Tests.Scoping;

/// <summary>
/// Collection agencies (ADR 0026): debts placed by rules, an agency's people seeing those and nothing else while the
/// placement lasts, the commission by tier on what is recovered (hand-computed, to the centavo, reversals taken back),
/// and the month's statement in JSON, CSV and PDF, reconciled with the payments report.
/// </summary>
[NonParallelizable]
public sealed class AgencyTests
{
    private RecoveryApp _app = null!;

    [OneTimeSetUp] public void Start() => _app = new RecoveryApp();
    [OneTimeTearDown] public async Task Stop() => await _app.DisposeAsync();

    private sealed record Debt(Guid InvoiceId, Guid DebtorId, string ExternalId);

    private async Task<Debt> PushAsync(HttpClient partner, string portfolio, int daysLate, decimal amount)
    {
        var externalId = "AG-" + Guid.NewGuid().ToString("N")[..12];
        var body = JsonNode.Parse($$"""
            { "externalId": "{{externalId}}", "portfolio": "{{portfolio}}",
              "debtor": { "document": "{{TestData.Cpf()}}", "name": "Devedor Assessoria", "emails": ["d@example.com"] },
              "amount": {{amount.ToString(System.Globalization.CultureInfo.InvariantCulture)}}, "dueDate": "{{_app.Today.AddDays(-daysLate):yyyy-MM-dd}}",
              "terms": { "finePercent": 2.0, "monthlyInterestPercent": 1.0, "correctionIndex": "IPCA" }, "consumer": true }
            """)!;
        var response = await partner.PostAsJsonAsync("/api/v1/partner/invoices", body);
        Assert.That(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        var invoice = await response.JsonAsync();
        return new Debt(invoice.GetProperty("id").GetGuid(), invoice.GetProperty("debtorId").GetGuid(), externalId);
    }

    private async Task PayAsync(HttpClient partner, Debt debt, string paymentId, decimal amount) =>
        (await partner.PostAsJsonAsync($"/api/v1/partner/invoices/{debt.ExternalId}/payments",
            new { paymentId, amount, paidAt = _app.Today.ToString("yyyy-MM-dd") })).EnsureSuccessStatusCode();

    private static async Task<JsonElement> GetAsync(HttpClient client, string url)
    {
        var response = await client.GetAsync(url);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), $"{url}: {await response.Content.ReadAsStringAsync()}");
        return await response.JsonAsync();
    }

    [Test]
    public async Task Placed_debts_are_the_agencys_only_while_placed_and_its_commission_and_statement_add_up_to_the_centavo()
    {
        var (partner, partnerId, _) = await _app.PartnerAsync();
        var old = await PushAsync(partner, "varejo", 100, 1000.00m);     // 100 days late at placement: the 15,5% tier
        var recent = await PushAsync(partner, "varejo", 40, 500.00m);    // 40 days: the 10% tier
        var young = await PushAsync(partner, "varejo", 10, 300.00m);     // below the rule's 30 days: not placed
        var card = await PushAsync(partner, "cartao", 100, 2000.00m);    // another portfolio: not placed

        var admin = await _app.AdminAsync();
        var varejo = (await GetAsync(admin, "/api/v1/portfolios")).GetProperty("items").EnumerateArray()
            .Single(p => p.GetProperty("code").GetString() == "varejo").GetProperty("id").GetGuid();
        var created = await admin.PostAsJsonAsync("/api/v1/escalation/agencies", new
        {
            name = "Assessoria Alfa", document = TestData.Cnpj(),
            tiers = new[] { new { minDaysLate = 0, ratePercent = 10.00m }, new { minDaysLate = 90, ratePercent = 15.50m } },
        });
        Assert.That(created.StatusCode, Is.EqualTo(HttpStatusCode.Created), await created.Content.ReadAsStringAsync());
        var agencyId = (await created.JsonAsync()).GetProperty("id").GetGuid();
        var other = await (await admin.PostAsJsonAsync("/api/v1/escalation/agencies", new
        {
            name = "Assessoria Beta", document = TestData.Cnpj(), tiers = new[] { new { minDaysLate = 0, ratePercent = 20m } },
        })).JsonAsync();

        // The agency's agent and another agency's: linked to their agencies by the administrator.
        var agent = await _app.PersonAsync("agent", "Agente Alfa");
        var stranger = await _app.PersonAsync("agent", "Agente Beta");
        foreach (var (client, agency) in new[] { (agent, agencyId), (stranger, other.GetProperty("id").GetGuid()) })
        {
            var id = (await GetAsync(client, "/api/v1/auth/me")).GetProperty("id").GetGuid();
            Assert.That((await admin.PutAsJsonAsync($"/api/v1/admin/users/{id}/agency", new { agencyId = agency })).StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
        }
        Assert.That((await agent.GetAsync($"/api/v1/debtors/{old.DebtorId}")).StatusCode, Is.EqualTo(HttpStatusCode.NotFound), "nothing placed yet");

        // Placing: varejo, 30 days late or more. Escalation learns of the debts by events: retried until it has them.
        var supervisor = await _app.PersonAsync("supervisor");
        JsonElement placement = default;
        await RecoveryApp.EventuallyAsync(async () =>
        {
            var response = await supervisor.PostAsJsonAsync("/api/v1/escalation/placements", new { agencyId, days = 90, portfolioId = varejo, minDaysLate = 30 });
            if (response.StatusCode != HttpStatusCode.Created) return false;
            placement = await response.JsonAsync();
            return true;
        }, "Escalation to know the debts");
        Assert.That(placement.GetProperty("debts").GetInt32(), Is.EqualTo(2));
        Assert.That(placement.Money("outstanding"), Is.EqualTo(1500.00m));
        var placementId = placement.GetProperty("id").GetGuid();
        var again = await supervisor.PostAsJsonAsync("/api/v1/escalation/placements", new { agencyId, days = 90, portfolioId = varejo, minDaysLate = 30 });
        Assert.That((int)again.StatusCode, Is.EqualTo(422), "a placed debt is not placed twice");

        // The agency's agent sees the placed debtors and nothing else; the other agency's agent sees none of them.
        await RecoveryApp.EventuallyAsync(async () => (await agent.GetAsync($"/api/v1/debtors/{old.DebtorId}")).StatusCode == HttpStatusCode.OK,
            "the placement to reach the agency's scope");
        Assert.That((await agent.GetAsync($"/api/v1/debtors/{recent.DebtorId}")).StatusCode, Is.EqualTo(HttpStatusCode.OK));
        foreach (var hidden in new[] { young, card })
            Assert.That((await agent.GetAsync($"/api/v1/debtors/{hidden.DebtorId}")).StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That((await agent.GetAsync($"/api/v1/debtors/{card.DebtorId}/valuation")).StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That((await stranger.GetAsync($"/api/v1/debtors/{old.DebtorId}")).StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        var found = (await GetAsync(agent, "/api/v1/debtors?query=Devedor")).GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetGuid()).ToList();
        Assert.That(found, Is.EquivalentTo(new[] { old.DebtorId, recent.DebtorId }));
        Assert.That((await GetAsync(stranger, "/api/v1/escalation/placements")).GetProperty("items").GetArrayLength(), Is.EqualTo(0));
        Assert.That((await stranger.PostAsJsonAsync("/api/v1/escalation/placements", new { agencyId, days = 1 })).StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));

        // Recovered while placed: 333,33 on the 15,5% debt: 51,66615 → 51,67; 123,45 on the 10% one: 12,345 → 12,35 (half away
        // from zero). 100,00 on the card debt is nobody's.
        await PayAsync(partner, old, "P-1", 333.33m);
        await PayAsync(partner, recent, "P-2", 123.45m);
        await PayAsync(partner, card, "P-3", 100.00m);
        var month = _app.Today.ToString("yyyy-MM");
        JsonElement statement = default;
        await RecoveryApp.EventuallyAsync(async () =>
        {
            statement = await GetAsync(supervisor, $"/api/v1/escalation/statements?month={month}&partnerId={partnerId}");
            return statement.Money("recovered") == 456.78m;
        }, "the payments to be counted");
        var line = statement.GetProperty("items").EnumerateArray().Single();
        Assert.That(line.GetProperty("agency").GetString(), Is.EqualTo("Assessoria Alfa"));
        Assert.That(line.GetProperty("debtsPlaced").GetInt32(), Is.EqualTo(2));
        Assert.That(line.Money("placed"), Is.EqualTo(1500.00m));
        Assert.That(line.Money("commission"), Is.EqualTo(64.02m), "51,67 + 12,35");
        Assert.That(line.Money("net"), Is.EqualTo(392.76m));

        // Reconciles with the payments report: what the creditor recovered in the month is the agency's plus what was not placed.
        JsonElement report = default;
        await RecoveryApp.EventuallyAsync(async () =>
        {
            report = await GetAsync(admin, $"/api/v1/reports/recovery?partnerId={partnerId}&from={_app.Today.AddDays(1 - _app.Today.Day):yyyy-MM-dd}&to={_app.Today:yyyy-MM-dd}");
            return report.GetProperty("total").Money("recovered") == 556.78m;
        }, "the payments report to count the three payments");
        Assert.That(report.GetProperty("total").Money("recovered") - 100.00m, Is.EqualTo(statement.Money("recovered")));

        // The 123,45 reversed: recovered and commission taken back exactly; the debt is owed again.
        var reversal = await partner.PostAsync($"/api/v1/partner/invoices/{recent.ExternalId}/payments/P-2/reversal", null);
        Assert.That(reversal.StatusCode, Is.EqualTo(HttpStatusCode.OK), await reversal.Content.ReadAsStringAsync());
        Assert.That((await reversal.JsonAsync()).Money("outstanding"), Is.EqualTo(500.00m));
        Assert.That((await partner.PostAsync($"/api/v1/partner/invoices/{recent.ExternalId}/payments/P-2/reversal", null)).StatusCode, Is.EqualTo(HttpStatusCode.OK));
        await RecoveryApp.EventuallyAsync(async () =>
        {
            statement = await GetAsync(supervisor, $"/api/v1/escalation/statements?month={month}&partnerId={partnerId}");
            return statement.Money("recovered") == 333.33m;
        }, "the reversal to be counted");
        Assert.That(statement.Money("commission"), Is.EqualTo(51.67m));
        Assert.That(statement.Money("net"), Is.EqualTo(281.66m));

        // CSV for people (pt-BR) and machines (en); the PDF with its key content.
        var csv = await CsvAsync(supervisor, $"/api/v1/escalation/statements?month={month}&partnerId={partnerId}");
        Assert.That(csv, Does.Contain("Assessoria;Credor;Débitos entregues").And.Contain("Assessoria Alfa").And.Contain("51,67").And.Contain("281,66"));
        var csvEn = await CsvAsync(supervisor, $"/api/v1/escalation/statements?month={month}&partnerId={partnerId}&dialect=en");
        Assert.That(csvEn, Does.Contain("agency,creditor,debts_placed").And.Contain("51.67").And.Contain("281.66"));
        var pdfResponse = await supervisor.GetAsync($"/api/v1/escalation/statements?month={month}&partnerId={partnerId}&format=pdf");
        Assert.That(pdfResponse.Content.Headers.ContentType!.MediaType, Is.EqualTo("application/pdf"));
        var bytes = await pdfResponse.Content.ReadAsByteArrayAsync();
        Assert.That(System.Text.Encoding.ASCII.GetString(bytes, 0, 4), Is.EqualTo("%PDF"));
        var text = PdfText.Read(bytes).All.Replace("\n", " ");
        Assert.That(text, Does.Contain("Prestação de contas").And.Contain("Assessoria Alfa").And.Contain("R$ 51,67").And.Contain("R$ 281,66"));

        // Performance by cohort; the agency's own people see their own statement only.
        var cohort = (await GetAsync(supervisor, "/api/v1/escalation/performance")).GetProperty("items").EnumerateArray()
            .Single(i => i.GetProperty("agencyId").GetGuid() == agencyId);
        Assert.That(cohort.GetProperty("cohort").GetString(), Is.EqualTo(month));
        Assert.That(cohort.Money("placed"), Is.EqualTo(1500.00m));
        Assert.That(cohort.Money("recovered"), Is.EqualTo(333.33m));
        Assert.That(cohort.Money("recoveryRate"), Is.EqualTo(22.22m));
        Assert.That((await GetAsync(stranger, $"/api/v1/escalation/statements?month={month}")).GetProperty("items").GetArrayLength(), Is.EqualTo(0));

        // Recalled with the reason: the agency's agent loses the debtors on their next request, and a later payment earns nothing.
        var recall = await supervisor.PostAsJsonAsync($"/api/v1/escalation/placements/{placementId}/recall", new { reason = "credor pediu a devolução" });
        Assert.That(recall.StatusCode, Is.EqualTo(HttpStatusCode.NoContent), await recall.Content.ReadAsStringAsync());
        await RecoveryApp.EventuallyAsync(async () => (await agent.GetAsync($"/api/v1/debtors/{old.DebtorId}")).StatusCode == HttpStatusCode.NotFound,
            "the recall to reach the agency's scope");
        var listed = (await GetAsync(supervisor, "/api/v1/escalation/placements")).GetProperty("items").EnumerateArray()
            .Single(p => p.GetProperty("id").GetGuid() == placementId);
        Assert.That(listed.GetProperty("status").GetString(), Is.EqualTo("recalled"));
        Assert.That(listed.GetProperty("endNote").GetString(), Is.EqualTo("credor pediu a devolução"));
        Assert.That((await supervisor.PostAsJsonAsync($"/api/v1/escalation/placements/{placementId}/recall", new { reason = "de novo" })).StatusCode,
            Is.EqualTo(HttpStatusCode.Conflict));
        await PayAsync(partner, old, "P-4", 10.00m);
        await RecoveryApp.EventuallyAsync(async () =>
            (await GetAsync(admin, $"/api/v1/reports/recovery?partnerId={partnerId}&from={_app.Today.AddDays(1 - _app.Today.Day):yyyy-MM-dd}&to={_app.Today:yyyy-MM-dd}"))
            .GetProperty("total").Money("recovered") == 566.78m, "the later payment to be known");
        await Task.Delay(1000);   // Escalation's subscriber runs beside Reporting's
        Assert.That((await GetAsync(supervisor, $"/api/v1/escalation/statements?month={month}&partnerId={partnerId}")).Money("recovered"), Is.EqualTo(333.33m));
    }

    [Test]
    public async Task A_placement_ends_at_its_expiry_with_the_reason_and_the_agency_loses_its_debtors()
    {
        var (partner, _, _) = await _app.PartnerAsync();
        var debt = await PushAsync(partner, "expira", 60, 800.00m);
        var admin = await _app.AdminAsync();
        var agency = await (await admin.PostAsJsonAsync("/api/v1/escalation/agencies", new
        {
            name = "Assessoria Prazo", document = TestData.Cnpj(), tiers = new[] { new { minDaysLate = 0, ratePercent = 12m } },
        })).JsonAsync();
        var agencyId = agency.GetProperty("id").GetGuid();
        var agent = await _app.PersonAsync("agent", "Agente Prazo");
        var agentId = (await GetAsync(agent, "/api/v1/auth/me")).GetProperty("id").GetGuid();
        (await admin.PutAsJsonAsync($"/api/v1/admin/users/{agentId}/agency", new { agencyId })).EnsureSuccessStatusCode();
        var supervisor = await _app.PersonAsync("supervisor");
        var portfolio = (await GetAsync(admin, "/api/v1/portfolios")).GetProperty("items").EnumerateArray()
            .Single(p => p.GetProperty("code").GetString() == "expira").GetProperty("id").GetGuid();
        Guid placementId = default;
        await RecoveryApp.EventuallyAsync(async () =>
        {
            var response = await supervisor.PostAsJsonAsync("/api/v1/escalation/placements", new { agencyId, days = 2, portfolioId = portfolio });
            if (response.StatusCode != HttpStatusCode.Created) return false;
            placementId = (await response.JsonAsync()).GetProperty("id").GetGuid();
            return true;
        }, "Escalation to know the debt");
        await RecoveryApp.EventuallyAsync(async () => (await agent.GetAsync($"/api/v1/debtors/{debt.DebtorId}")).StatusCode == HttpStatusCode.OK,
            "the placement to reach the agency's scope");

        _app.Clock.Advance(TimeSpan.FromDays(3));
        agent = await _app.AgainAsync(agent);
        admin = await _app.AdminAsync();
        Assert.That((await agent.GetAsync($"/api/v1/debtors/{debt.DebtorId}")).StatusCode, Is.EqualTo(HttpStatusCode.NotFound), "over at its end, job or not");
        var run = await admin.PostAsync("/api/v1/admin/jobs/placement-expiry/runs", null);
        Assert.That(run.StatusCode, Is.EqualTo(HttpStatusCode.OK), await run.Content.ReadAsStringAsync());
        var listed = (await GetAsync(admin, "/api/v1/escalation/placements")).GetProperty("items").EnumerateArray()
            .Single(p => p.GetProperty("id").GetGuid() == placementId);
        Assert.That(listed.GetProperty("status").GetString(), Is.EqualTo("expired"));
        var again = await admin.PostAsJsonAsync($"/api/v1/escalation/placements/{placementId}/recall", new { reason = "tarde demais" });
        Assert.That(again.StatusCode, Is.EqualTo(HttpStatusCode.Conflict), "an expired placement is over");
    }

    [Test]
    public void Commission_tiers_and_rounding_are_computed_by_hand()
    {
        var tiers = new[] { new Recovery.Escalation.Features.Agencies.Tier(0, 1000), new Recovery.Escalation.Features.Agencies.Tier(90, 1550),
            new Recovery.Escalation.Features.Agencies.Tier(180, 2000) };
        Assert.That(Recovery.Escalation.Features.Agencies.Commission.RateFor(tiers, 89), Is.EqualTo(1000));
        Assert.That(Recovery.Escalation.Features.Agencies.Commission.RateFor(tiers, 90), Is.EqualTo(1550));
        Assert.That(Recovery.Escalation.Features.Agencies.Commission.RateFor(tiers, 400), Is.EqualTo(2000));
        Assert.That(Recovery.Escalation.Features.Agencies.Commission.RateFor([new(30, 500)], 10), Is.EqualTo(0), "below every tier");
        Assert.That(Recovery.Escalation.Features.Agencies.Commission.Of(12345, 1000), Is.EqualTo(1235), "1234,5 centavos: half away from zero");
        Assert.That(Recovery.Escalation.Features.Agencies.Commission.Of(-12345, 1000), Is.EqualTo(-1235), "a reversal takes back the same");
        Assert.That(Recovery.Escalation.Features.Agencies.Commission.Of(33333, 1550), Is.EqualTo(5167));
        Assert.That(Recovery.Escalation.Features.Agencies.Commission.Of(1, 1550), Is.EqualTo(0));
    }

    private static async Task<string> CsvAsync(HttpClient client, string url)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/csv"));
        var response = await client.SendAsync(request);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), await response.Content.ReadAsStringAsync());
        return await response.Content.ReadAsStringAsync();
    }
}
