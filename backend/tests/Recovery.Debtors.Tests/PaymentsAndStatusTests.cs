namespace Recovery.Debtors.Tests;

public sealed class PaymentsAndStatusTests : PartnerFixture
{
    private async Task<string> NewInvoiceAsync(decimal amount = 1234.56m)
    {
        var body = Invoices.Example();
        body["amount"] = amount;
        (await Partner.PushAsync(body)).EnsureSuccessStatusCode();
        return body["externalId"]!.GetValue<string>();
    }

    private Task<HttpResponseMessage> PayAsync(string externalId, string paymentId, decimal amount) =>
        Partner.PostAsJsonAsync($"/api/v1/partner/invoices/{externalId}/payments", new { paymentId, amount, paidAt = "2026-11-20" });

    [Test]
    public async Task A_payment_lowers_the_outstanding_once_per_payment_id()
    {
        var externalId = await NewInvoiceAsync();
        var first = await PayAsync(externalId, "PG-77", 100.00m);
        Assert.That(first.StatusCode, Is.EqualTo(HttpStatusCode.Created));
        var body = await first.JsonAsync();
        Assert.That(body.GetProperty("outstanding").GetDecimal(), Is.EqualTo(1134.56m));
        Assert.That(body.GetProperty("paymentId").GetString(), Is.EqualTo("PG-77"));

        var again = await PayAsync(externalId, "PG-77", 100.00m);
        Assert.That(again.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That((await again.JsonAsync()).GetProperty("outstanding").GetDecimal(), Is.EqualTo(1134.56m));
        Assert.That((await Partner.InvoiceAsync(externalId)).GetProperty("outstanding").GetDecimal(), Is.EqualTo(1134.56m));
    }

    [Test]
    public async Task Paying_in_full_makes_it_paid_and_more_becomes_credit_not_lost()
    {
        var externalId = await NewInvoiceAsync(100m);
        var body = await (await PayAsync(externalId, "PG-1", 130.55m)).JsonAsync();
        Assert.That(body.GetProperty("outstanding").GetDecimal(), Is.Zero);
        Assert.That(body.GetProperty("credit").GetDecimal(), Is.EqualTo(30.55m));
        Assert.That(body.GetProperty("invoice").GetProperty("status").GetString(), Is.EqualTo("paid"));
    }

    [Test]
    public async Task A_paid_invoice_keeps_its_amount_and_due_date_and_cannot_be_cancelled()
    {
        var body = Invoices.Example();
        body["amount"] = 50m;
        (await Partner.PushAsync(body)).EnsureSuccessStatusCode();
        var externalId = body["externalId"]!.GetValue<string>();
        (await PayAsync(externalId, "PG-2", 50m)).EnsureSuccessStatusCode();

        body["amount"] = 60m;
        var problem = await (await Partner.PushAsync(body)).AssertProblemAsync(HttpStatusCode.Conflict);
        Assert.That(problem.GetProperty("type").GetString(), Does.EndWith("/invoice-locked"));
        body["amount"] = 50m;
        body["dueDate"] = "2026-09-15";
        await (await Partner.PushAsync(body)).AssertProblemAsync(HttpStatusCode.Conflict);

        body["dueDate"] = "2026-09-01";
        body["description"] = "descrição nova";
        Assert.That((await Partner.PushAsync(body)).StatusCode, Is.EqualTo(HttpStatusCode.OK), "other fields may still change");

        var cancel = await Partner.PostAsJsonAsync($"/api/v1/partner/invoices/{externalId}/cancel", new { reason = "erro" });
        Assert.That((await cancel.AssertProblemAsync(HttpStatusCode.Conflict)).GetProperty("type").GetString(), Does.EndWith("/invoice-paid"));
    }

    [Test]
    public async Task Cancelling_stops_it_and_refuses_later_payments()
    {
        var externalId = await NewInvoiceAsync();
        await (await Partner.PostAsJsonAsync($"/api/v1/partner/invoices/{externalId}/cancel", new { reason = "" }))
            .AssertProblemAsync(HttpStatusCode.BadRequest);
        var cancelled = await (await Partner.PostAsJsonAsync($"/api/v1/partner/invoices/{externalId}/cancel", new { reason = "renegociado no balcão" })).JsonAsync();
        Assert.That(cancelled.GetProperty("status").GetString(), Is.EqualTo("cancelled"));
        Assert.That((await Partner.PostAsJsonAsync($"/api/v1/partner/invoices/{externalId}/cancel", new { reason = "de novo" })).StatusCode,
            Is.EqualTo(HttpStatusCode.OK), "cancelling twice is harmless");
        await (await PayAsync(externalId, "PG-3", 10m)).AssertProblemAsync(HttpStatusCode.Conflict);
    }

    [Test]
    public async Task Bad_payments_are_400_and_unknown_invoices_404()
    {
        var externalId = await NewInvoiceAsync();
        var problem = await (await Partner.PostAsJsonAsync($"/api/v1/partner/invoices/{externalId}/payments",
            new { paymentId = "", amount = 1.234m, paidAt = "2099-01-01" })).AssertProblemAsync(HttpStatusCode.BadRequest);
        foreach (var field in new[] { "paymentId", "amount", "paidAt" }) Assert.That(problem.ErrorsFor(field), Is.Not.Empty, field);
        await (await PayAsync("NO-SUCH", "PG-1", 1m)).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await Partner.PostAsJsonAsync("/api/v1/partner/invoices/NO-SUCH/cancel", new { reason = "x" })).AssertProblemAsync(HttpStatusCode.NotFound);
    }
}
