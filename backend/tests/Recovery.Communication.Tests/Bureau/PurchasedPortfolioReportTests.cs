namespace Recovery.Communication.Tests.Bureau;

/// <summary>A purchased portfolio's return on a case computed by hand (ADR 0028).</summary>
public sealed class PurchasedPortfolioReportTests
{
    [Test]
    public async Task The_report_gives_price_recovered_by_month_costs_net_multiple_and_payback_month()
    {
        await using var host = await BureauHost.StartAsync();
        var today = host.App.Today;
        var m0 = new DateOnly(today.Year, today.Month, 1).AddMonths(-2);
        var cpf = TestData.Cpf();
        host.Bureau.Answers[cpf] = new FakeBureau.Answer(400, [], []);
        var a = await host.DebtAsync(cpf, portfolio: "compra", amount: 800.00m);
        var b = await host.DebtAsync(TestData.Cpf(), portfolio: "compra", amount: 700.00m);
        var admin = await host.App.AdminAsync();
        (await admin.PutAsJsonAsync($"/api/v1/admin/partners/{host.Dunning.PartnerId}/portfolios/compra", new
        {
            name = "Carteira comprada", finePercent = 2.0m, monthlyInterestPercent = 1.0m, correctionIndex = "IPCA",
            purchase = new { seller = "Varejista S.A.", purchasedOn = m0, faceValue = 1500.00m, price = 1000.00m },
        })).EnsureSuccessStatusCode();
        var portfolioId = await host.Dunning.PortfolioIdAsync("compra");

        // Hand-computed: R$ 600 recovered in the purchase's month, R$ 500 the next; one lookup at R$ 3,50 this month.
        (await host.Dunning.Partner.PostAsJsonAsync($"/api/v1/partner/invoices/{a.ExternalId}/payments",
            new { paymentId = "PG-1", amount = 600.00m, paidAt = m0.AddDays(4) })).EnsureSuccessStatusCode();
        (await host.Dunning.Partner.PostAsJsonAsync($"/api/v1/partner/invoices/{b.ExternalId}/payments",
            new { paymentId = "PG-2", amount = 500.00m, paidAt = m0.AddMonths(1).AddDays(9) })).EnsureSuccessStatusCode();
        (await host.LookUpAsync(a.DebtorId)).EnsureSuccessStatusCode();

        JsonElement item = default;
        await RecoveryApp.EventuallyAsync(async () =>
        {
            var items = (await (await host.Supervisor.GetAsync($"/api/v1/reports/purchased-portfolios?portfolioId={portfolioId}")).JsonAsync())
                .GetProperty("items");
            if (items.GetArrayLength() != 1) return false;
            item = items[0];
            return item.Money("recovered") == 1100.00m && item.Money("costs") == 3.50m;
        }, "the payments and the lookup in the report");
        Assert.That(item.GetProperty("portfolioId").GetGuid(), Is.EqualTo(portfolioId));
        Assert.That(item.Money("price"), Is.EqualTo(1000.00m));
        Assert.That(item.Money("net"), Is.EqualTo(96.50m), "1100 − 3,50 − 1000");
        Assert.That(item.Money("multiple"), Is.EqualTo(1.1m), "1100 ÷ 1000");
        Assert.That(item.GetProperty("paybackMonth").GetString(), Is.EqualTo(m0.AddMonths(1).ToString("yyyy-MM")),
            "600 in the first month does not cover 1000; 1100 by the end of the second does");
        Assert.That(item.GetProperty("costBreakdown").Money("lookups"), Is.EqualTo(3.50m));
        var months = item.GetProperty("months").EnumerateArray().Select(m => (m.GetProperty("period").GetString(), m.Money("recovered"), m.Money("costs"), m.Money("net")))
            .ToArray();
        Assert.That(months, Is.EqualTo(new[]
        {
            (m0.ToString("yyyy-MM"), 600.00m, 0m, -400.00m),
            (m0.AddMonths(1).ToString("yyyy-MM"), 500.00m, 0m, 100.00m),
            (m0.AddMonths(2).ToString("yyyy-MM"), 0m, 3.50m, 96.50m),
        }));

        var csv = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/reports/purchased-portfolios?portfolioId={portfolioId}&dialect=en");
        csv.Headers.Accept.ParseAdd("text/csv");
        var text = await (await host.Supervisor.SendAsync(csv)).Content.ReadAsStringAsync();
        Assert.That(text, Does.StartWith("portfolio,seller,price,month,recovered,costs,net,multiple,payback_month"));
        Assert.That(text, Does.Contain($"compra,Varejista S.A.,1000.00,total,1100.00,3.50,96.50,1.10,{m0.AddMonths(1):yyyy-MM}"));
        var ptBr = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/reports/purchased-portfolios?portfolioId={portfolioId}");
        ptBr.Headers.Accept.ParseAdd("text/csv");
        Assert.That(await (await host.Supervisor.SendAsync(ptBr)).Content.ReadAsStringAsync(), Does.Contain("Múltiplo (recuperado ÷ preço)").And.Contain("1.100,00"));
    }
}
