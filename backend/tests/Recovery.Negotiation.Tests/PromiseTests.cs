namespace Recovery.Negotiation.Tests;

public sealed class PromiseTests
{
    [Test]
    public async Task A_promise_is_kept_partial_or_broken_by_the_payments_made_by_its_date()
    {
        await using var app = new RecoveryApp(new() { ["Negotiation:Agreements:Interval"] = "00:00:00.200" });
        var (partner, _, _) = await app.PartnerAsync();
        var agent = await app.PersonAsync("agent");
        var today = app.Today;
        var kept = await partner.DebtAsync(TestData.Cpf(), 500m, today.AddDays(-40).ToString("yyyy-MM-dd"));
        var partial = await partner.DebtAsync(TestData.Cpf(), 500m, today.AddDays(-40).ToString("yyyy-MM-dd"));
        var broken = await partner.DebtAsync(TestData.Cpf(), 500m, today.AddDays(-40).ToString("yyyy-MM-dd"));
        foreach (var d in new[] { kept, partial, broken })
        {
            var created = await agent.PostAsJsonAsync($"/api/v1/debtors/{d.DebtorId}/promises", new { amount = 200.00m, dueDate = today.AddDays(2), note = "vai pagar no dia 2" });
            Assert.That(created.StatusCode, Is.EqualTo(HttpStatusCode.Created));
        }
        (await partner.PostAsJsonAsync($"/api/v1/partner/invoices/{kept.ExternalId}/payments", new { paymentId = "K", amount = 200.00m, paidAt = today })).EnsureSuccessStatusCode();
        (await partner.PostAsJsonAsync($"/api/v1/partner/invoices/{partial.ExternalId}/payments", new { paymentId = "P", amount = 50.00m, paidAt = today })).EnsureSuccessStatusCode();
        var bad = await (await agent.PostAsJsonAsync($"/api/v1/debtors/{broken.DebtorId}/promises", new { amount = 0m, dueDate = today.AddDays(-1) }))
            .AssertProblemAsync(HttpStatusCode.BadRequest);
        Assert.That(bad.ErrorsFor("amount"), Is.Not.Empty);
        Assert.That(bad.ErrorsFor("dueDate"), Is.Not.Empty);
        await Task.Delay(2000);  // the partner payments reach Negotiation through the outbox (delivered on commit)

        app.Clock.Advance(TimeSpan.FromDays(3));
        agent = await app.PersonAsync("agent");
        async Task<JsonElement> PromiseAsync(Guid debtorId) =>
            (await (await agent.GetAsync($"/api/v1/debtors/{debtorId}/promises")).JsonAsync()).GetProperty("items")[0];
        await RecoveryApp.EventuallyAsync(async () => (await PromiseAsync(broken.DebtorId)).GetProperty("status").GetString() != "pending", "the promises to be checked");
        Assert.That((await PromiseAsync(kept.DebtorId)).GetProperty("status").GetString(), Is.EqualTo("kept"));
        var p = await PromiseAsync(partial.DebtorId);
        Assert.That(p.GetProperty("status").GetString(), Is.EqualTo("partial"));
        Assert.That(p.Money("paid"), Is.EqualTo(50.00m));
        Assert.That((await PromiseAsync(broken.DebtorId)).GetProperty("status").GetString(), Is.EqualTo("broken"));
    }
}
