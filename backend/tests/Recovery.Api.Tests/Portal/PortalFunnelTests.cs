namespace Recovery.Api.Tests.Portal;

/// <summary>The portal funnel report (ADR 0025): from the portal's, Communication's and Negotiation's events, per portfolio and month, JSON and CSV.</summary>
public sealed class PortalFunnelTests
{
    [Test]
    public async Task The_funnel_counts_codes_sessions_offers_agreements_and_first_installments_per_portfolio_and_month()
    {
        await using var host = await new PortalHost().StartAsync();
        var admin = await host.App.AdminAsync();
        // Maria goes all the way; João only asks for a code and signs in; an unknown document is sent nothing and counts nowhere.
        var maria = TestData.Cpf();
        var (invoiceId, _) = await host.DebtAsync(maria, "maria.funil@example.com", 1200m, 90);
        var joao = TestData.Cpf();
        await host.DebtAsync(joao, "joao.funil@example.com", 300m, 30);
        (await host.Browser().PostAsJsonAsync("/api/v1/portal/access-codes", new { document = TestData.Cpf() })).EnsureSuccessStatusCode();

        var debtor = await host.SignInAsync(maria, "maria.funil@example.com");
        await host.SignInAsync(joao, "joao.funil@example.com");
        var offers = (await (await debtor.GetAsync($"/api/v1/portal/offers?invoiceIds={invoiceId}")).JsonAsync()).GetProperty("items").EnumerateArray().ToList();
        var offer = offers.First(o => o.GetProperty("installments").GetInt32() >= 2);
        var created = await debtor.PostAsJsonAsync("/api/v1/portal/agreements", new { offerId = offer.GetProperty("id").GetGuid() });
        Assert.That(created.StatusCode, Is.EqualTo(HttpStatusCode.Created), await created.Content.ReadAsStringAsync());
        var agreement = await created.JsonAsync();
        var first = agreement.GetProperty("installments")[0];
        var agent = await host.App.PersonAsync("agent");
        var paid = await agent.PostAsJsonAsync($"/api/v1/agreements/{agreement.GetProperty("id").GetGuid()}/payments",
            new { paymentId = "PIX-1", amount = first.Money("amount"), paidAt = host.App.Today });
        Assert.That(paid.IsSuccessStatusCode, Is.True, await paid.Content.ReadAsStringAsync());

        var portfolioId = await host.PortfolioOfAsync(invoiceId);
        var month = host.App.Today.ToString("yyyy-MM");
        JsonElement line = default;
        await RecoveryApp.EventuallyAsync(async () =>
        {
            var report = await (await admin.GetAsync("/api/v1/reports/portal-funnel")).JsonAsync();
            var lines = report.GetProperty("lines").EnumerateArray().ToList();
            if (lines.Count != 1) return false;
            line = lines[0];
            return line.GetProperty("firstInstallmentPaid").GetInt64() == 1 && line.GetProperty("codesSent").GetInt64() == 2;
        }, "the funnel of the month");
        Assert.That(line.GetProperty("month").GetString(), Is.EqualTo(month));
        Assert.That(line.GetProperty("portfolioId").GetGuid(), Is.EqualTo(portfolioId));
        Assert.That(line.GetProperty("portfolio").GetString(), Is.EqualTo("varejo"));
        Assert.That(new[] { "codesSent", "sessions", "offersSeen", "agreements", "firstInstallmentPaid" }.Select(p => line.GetProperty(p).GetInt64()),
            Is.EqualTo(new long[] { 2, 2, 1, 1, 1 }));
        Assert.That(line.Money("agreementRate"), Is.EqualTo(0.5m));

        // Another portfolio's filter sees nothing; the CSV is pt-BR by default, English on request.
        var none = await (await admin.GetAsync("/api/v1/reports/portal-funnel?portfolio=outra")).JsonAsync();
        Assert.That(none.GetProperty("lines").GetArrayLength(), Is.EqualTo(0));
        var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/reports/portal-funnel");
        request.Headers.Accept.ParseAdd("text/csv");
        var csv = await (await admin.SendAsync(request)).Content.ReadAsStringAsync();
        Assert.That(csv, Does.Contain("Códigos enviados").And.Contain("Primeira parcela paga").And.Contain(";"));
        var english = new HttpRequestMessage(HttpMethod.Get, "/api/v1/reports/portal-funnel?dialect=en");
        english.Headers.Accept.ParseAdd("text/csv");
        var en = await (await admin.SendAsync(english)).Content.ReadAsStringAsync();
        Assert.That(en.Split('\n')[0].Trim(), Is.EqualTo("month,portfolio,codes_sent,sessions,offers_seen,agreements,first_installment_paid,agreement_rate"));
        Assert.That(en, Does.Contain($"{month},varejo,2,2,1,1,1,"));
    }
}
