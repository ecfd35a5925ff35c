namespace Recovery.Debtors.Tests;

public sealed class WorkQueueTests : PartnerFixture
{
    private async Task<(Guid InvoiceId, Guid DebtorId)> PushAsync(decimal amount, int daysLate)
    {
        var body = Invoices.Example(document: TestData.Cpf());
        body["amount"] = amount;
        body["issueDate"] = null;
        body["dueDate"] = App.Today.AddDays(-daysLate).ToString("yyyy-MM-dd");
        var invoice = await (await Partner.PushAsync(body)).JsonAsync();
        return (invoice.GetProperty("id").GetGuid(), invoice.GetProperty("debtorId").GetGuid());
    }

    [Test]
    public async Task An_agent_sees_their_debts_most_worth_working_first_and_none_on_hold()
    {
        var small = await PushAsync(100m, 10);
        var large = await PushAsync(5000m, 20);
        var ancient = await PushAsync(8000m, 700);
        var held = await PushAsync(9000m, 15);
        var agent = await App.PersonAsync("agent");
        var agentId = (await (await agent.GetAsync("/api/v1/auth/me")).JsonAsync()).GetProperty("id").GetGuid();
        var supervisor = await App.PersonAsync("supervisor");

        var assigned = await (await supervisor.PostAsJsonAsync("/api/v1/debtors/assignments",
            new { agentId, invoiceIds = new[] { small.InvoiceId, large.InvoiceId, ancient.InvoiceId, held.InvoiceId } })).JsonAsync();
        Assert.That(assigned.GetProperty("assigned").GetInt32(), Is.EqualTo(4));
        (await agent.PostAsJsonAsync($"/api/v1/debtors/{held.DebtorId}/holds", new { kind = "dispute", reason = "contesta" })).EnsureSuccessStatusCode();

        var queue = await (await agent.GetAsync("/api/v1/work-queue")).JsonAsync();
        var order = queue.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("invoiceId").GetGuid()).ToList();
        Assert.That(order, Is.EqualTo(new[] { large.InvoiceId, ancient.InvoiceId, small.InvoiceId }));
        var first = queue.GetProperty("items")[0];
        Assert.That(first.GetProperty("daysLate").GetInt32(), Is.EqualTo(20));
        Assert.That(first.GetProperty("document").GetString(), Does.StartWith("***."));
        Assert.That(first.GetProperty("why").GetString(), Is.Not.Empty);

        var other = await App.PersonAsync("agent");
        Assert.That((await (await other.GetAsync("/api/v1/work-queue")).JsonAsync()).GetProperty("items").GetArrayLength(), Is.Zero);
    }

    [Test]
    public async Task Only_supervisors_assign_and_only_existing_debts_to_active_agents()
    {
        var debt = await PushAsync(100m, 5);
        var agent = await App.PersonAsync("agent");
        await (await agent.PostAsJsonAsync("/api/v1/debtors/assignments", new { agentId = Guid.NewGuid(), invoiceIds = new[] { debt.InvoiceId } }))
            .AssertProblemAsync(HttpStatusCode.Forbidden);
        var supervisor = await App.PersonAsync("supervisor");
        var agentId = (await (await agent.GetAsync("/api/v1/auth/me")).JsonAsync()).GetProperty("id").GetGuid();
        var problem = await (await supervisor.PostAsJsonAsync("/api/v1/debtors/assignments",
            new { agentId, invoiceIds = new[] { debt.InvoiceId, Guid.NewGuid() } })).AssertProblemAsync(HttpStatusCode.BadRequest);
        Assert.That(problem.ErrorsFor("invoiceIds"), Is.Not.Empty);
        var nobody = await (await supervisor.PostAsJsonAsync("/api/v1/debtors/assignments",
            new { agentId = Guid.NewGuid(), invoiceIds = new[] { debt.InvoiceId } })).AssertProblemAsync(HttpStatusCode.BadRequest);
        Assert.That(nobody.ErrorsFor("agentId"), Is.Not.Empty);
        var auditor = await App.PersonAsync("auditor");
        var auditorId = (await (await auditor.GetAsync("/api/v1/auth/me")).JsonAsync()).GetProperty("id").GetGuid();
        var notAnAgent = await (await supervisor.PostAsJsonAsync("/api/v1/debtors/assignments",
            new { agentId = auditorId, invoiceIds = new[] { debt.InvoiceId } })).AssertProblemAsync(HttpStatusCode.BadRequest);
        Assert.That(notAnAgent.ErrorsFor("agentId"), Is.Not.Empty);
        var empty = await (await supervisor.PostAsJsonAsync("/api/v1/debtors/assignments", new { invoiceIds = Array.Empty<Guid>() }))
            .AssertProblemAsync(HttpStatusCode.BadRequest);
        Assert.That(empty.ErrorsFor("agentId"), Is.Not.Empty);
    }
}
