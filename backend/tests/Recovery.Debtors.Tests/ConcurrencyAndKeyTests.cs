using Dapper;

namespace Recovery.Debtors.Tests;

/// <summary>Keys behave the same on both engines: compared byte for byte, and created once when requests race.</summary>
public sealed class ConcurrencyAndKeyTests : PartnerFixture
{
    [Test]
    public async Task External_ids_that_differ_only_in_case_are_two_invoices()
    {
        const string upper = "INV-1", lower = "inv-1";   // this fixture's partner pushes no other INV-1
        var first = await Partner.PushAsync(Invoices.Example(upper));
        var second = await Partner.PushAsync(Invoices.Example(lower));
        Assert.That(first.StatusCode, Is.EqualTo(HttpStatusCode.Created), await first.Content.ReadAsStringAsync());
        Assert.That(second.StatusCode, Is.EqualTo(HttpStatusCode.Created), await second.Content.ReadAsStringAsync());

        var a = await Partner.InvoiceAsync(upper);
        var b = await Partner.InvoiceAsync(lower);
        Assert.That(a.GetProperty("externalId").GetString(), Is.EqualTo(upper));
        Assert.That(b.GetProperty("externalId").GetString(), Is.EqualTo(lower));
        Assert.That(a.GetProperty("id").GetGuid(), Is.Not.EqualTo(b.GetProperty("id").GetGuid()));
    }

    [Test]
    public async Task Concurrent_first_pushes_for_one_new_debtor_all_succeed_with_one_debtor()
    {
        var cpf = TestData.Cpf();
        var portfolio = "race-" + Guid.NewGuid().ToString("N")[..6];
        var bodies = Enumerable.Range(0, 20).Select(_ =>
        {
            var body = Invoices.Example(document: cpf);
            body["portfolio"] = portfolio;
            return body;
        }).ToList();

        var responses = await Task.WhenAll(bodies.Select(b => Partner.PushAsync(b)));
        foreach (var r in responses)
            Assert.That((int)r.StatusCode, Is.InRange(200, 299), await r.Content.ReadAsStringAsync());

        var debtorIds = new HashSet<Guid>();
        foreach (var r in responses) debtorIds.Add((await r.JsonAsync()).GetProperty("debtorId").GetGuid());
        Assert.That(debtorIds, Has.Count.EqualTo(1));

        var (debtors, portfolios, contacts) = await App.WithConnectionAsync("debtors", async c => (
            await c.ExecuteScalarAsync<int>("SELECT COUNT(*) FROM debtors.debtor WHERE document = @Cpf", new { Cpf = cpf }),
            await c.ExecuteScalarAsync<int>("SELECT COUNT(*) FROM debtors.portfolio WHERE code = @Code", new { Code = portfolio }),
            await c.ExecuteScalarAsync<int>("SELECT COUNT(*) FROM debtors.contact WHERE debtor_id = @Id", new { Id = debtorIds.Single() })));
        Assert.That(debtors, Is.EqualTo(1));
        Assert.That(portfolios, Is.EqualTo(1));
        Assert.That(contacts, Is.EqualTo(2), "one e-mail and one phone");
    }

    [Test]
    public async Task Concurrent_pushes_of_one_new_invoice_make_one_invoice_without_an_error()
    {
        var body = Invoices.Example(document: TestData.Cpf());
        var responses = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => Partner.PushAsync(body.DeepClone())));
        foreach (var r in responses)
            Assert.That((int)r.StatusCode, Is.InRange(200, 299), await r.Content.ReadAsStringAsync());
        Assert.That(responses.Count(r => r.StatusCode == HttpStatusCode.Created), Is.EqualTo(1), "one push created it; the others found it");
        var ids = new HashSet<Guid>();
        foreach (var r in responses) ids.Add((await r.JsonAsync()).GetProperty("id").GetGuid());
        Assert.That(ids, Has.Count.EqualTo(1));
    }

    [Test]
    public async Task Payments_arriving_together_count_once_each()
    {
        var body = Invoices.Example(document: TestData.Cpf());
        body["amount"] = 1000.00m;
        var externalId = body["externalId"]!.GetValue<string>();
        (await Partner.PushAsync(body)).EnsureSuccessStatusCode();
        Task<HttpResponseMessage> Pay(string paymentId, decimal amount) =>
            Partner.PostAsJsonAsync($"/api/v1/partner/invoices/{externalId}/payments", new { paymentId, amount, paidAt = "2026-11-20" });

        // The same payment ten times at once, and ten different ones.
        var responses = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => Pay("PIX-SAME", 100.00m))
            .Concat(Enumerable.Range(0, 10).Select(i => Pay($"PIX-{i}", 10.00m))));
        foreach (var r in responses)
            Assert.That((int)r.StatusCode, Is.InRange(200, 299), await r.Content.ReadAsStringAsync());
        Assert.That(responses.Take(10).Count(r => r.StatusCode == HttpStatusCode.Created), Is.EqualTo(1));

        var invoice = await Partner.InvoiceAsync(externalId);
        Assert.That(invoice.GetProperty("outstanding").GetDecimal(), Is.EqualTo(1000.00m - 100.00m - 10 * 10.00m));
    }
}
