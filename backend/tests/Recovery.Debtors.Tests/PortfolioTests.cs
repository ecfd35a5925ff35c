namespace Recovery.Debtors.Tests;

public sealed class PortfolioTests
{
    [Test]
    public async Task An_administrator_sets_a_portfolios_terms_and_pushes_use_it()
    {
        await using var app = new RecoveryApp();
        var (partner, partnerId, _) = await app.PartnerAsync();
        var admin = await app.AdminAsync();
        var created = await admin.PutAsJsonAsync($"/api/v1/admin/partners/{partnerId}/portfolios/escolas",
            new { name = "Escolas", finePercent = 2, monthlyInterestPercent = 0.5m, correctionIndex = "INPC" });
        Assert.That(created.StatusCode, Is.EqualTo(HttpStatusCode.Created));
        var updated = await admin.PutAsJsonAsync($"/api/v1/admin/partners/{partnerId}/portfolios/escolas",
            new { name = "Escolas particulares", finePercent = 2, monthlyInterestPercent = 1, correctionIndex = "igpm" });
        Assert.That(updated.StatusCode, Is.EqualTo(HttpStatusCode.OK));

        var body = Invoices.Example();
        body["portfolio"] = "escolas";
        (await partner.PushAsync(body)).EnsureSuccessStatusCode();

        var list = await (await admin.GetAsync($"/api/v1/admin/partners/{partnerId}/portfolios")).JsonAsync();
        var portfolio = list.GetProperty("items").EnumerateArray().Single();
        Assert.That(portfolio.GetProperty("name").GetString(), Is.EqualTo("Escolas particulares"));
        Assert.That(portfolio.GetProperty("monthlyInterestPercent").GetDecimal(), Is.EqualTo(1m));
        Assert.That(portfolio.GetProperty("correctionIndex").GetString(), Is.EqualTo("IGP-M"));

        // Supervisors pick portfolios (for policies and schedules) by creditor and code.
        var supervisor = await app.PersonAsync("supervisor");
        var creditor = (await (await partner.GetAsync("/api/v1/partner/me")).JsonAsync()).GetProperty("name").GetString();
        var all = await (await supervisor.GetAsync("/api/v1/portfolios")).JsonAsync();
        var entry = all.GetProperty("items").EnumerateArray().Single(p => p.GetProperty("partnerId").GetGuid() == partnerId);
        Assert.That((entry.GetProperty("creditor").GetString(), entry.GetProperty("code").GetString(), entry.GetProperty("id").GetGuid()),
            Is.EqualTo((creditor, "escolas", portfolio.GetProperty("id").GetGuid())));
        await (await (await app.PersonAsync("agent")).GetAsync("/api/v1/portfolios")).AssertProblemAsync(HttpStatusCode.Forbidden);
    }

    [Test]
    public async Task Bad_terms_are_400_and_only_administrators_change_them()
    {
        await using var app = new RecoveryApp();
        var (_, partnerId, _) = await app.PartnerAsync();
        var admin = await app.AdminAsync();
        var problem = await (await admin.PutAsJsonAsync($"/api/v1/admin/partners/{partnerId}/portfolios/x",
            new { name = "", finePercent = 200, monthlyInterestPercent = 1.234m, correctionIndex = "SELIC" })).AssertProblemAsync(HttpStatusCode.BadRequest);
        foreach (var field in new[] { "name", "finePercent", "monthlyInterestPercent", "correctionIndex" })
            Assert.That(problem.ErrorsFor(field), Is.Not.Empty, field);
        var supervisor = await app.PersonAsync("supervisor");
        await (await supervisor.PutAsJsonAsync($"/api/v1/admin/partners/{partnerId}/portfolios/x",
            new { name = "X", finePercent = 2, monthlyInterestPercent = 1, correctionIndex = "IPCA" })).AssertProblemAsync(HttpStatusCode.Forbidden);
        Assert.That((await supervisor.GetAsync($"/api/v1/admin/partners/{partnerId}/portfolios")).StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }
}
