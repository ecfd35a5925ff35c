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
    public async Task The_queue_says_whether_the_law_allows_contact_now_and_from_when()
    {
        await using var app = new RecoveryApp();
        // A Sunday afternoon in São Paulo (no contact on Sundays) with a working Monday after it.
        var sunday = DateOnly.FromDateTime(app.Clock.GetUtcNow().UtcDateTime).AddDays(2);
        while (sunday.DayOfWeek != DayOfWeek.Sunday || Recovery.BuildingBlocks.Holidays.Name(sunday.AddDays(1)) is not null) sunday = sunday.AddDays(1);
        app.Clock.Advance(new DateTimeOffset(sunday.ToDateTime(new TimeOnly(18, 0)), TimeSpan.Zero) - app.Clock.GetUtcNow());
        var (partner, _, _) = await app.PartnerAsync();
        var body = Invoices.Example(document: TestData.Cpf());   // a debtor in SP
        body["issueDate"] = null;
        body["dueDate"] = sunday.AddDays(-40).ToString("yyyy-MM-dd");
        var invoiceId = (await (await partner.PushAsync(body)).JsonAsync()).GetProperty("id").GetGuid();
        var agent = await app.PersonAsync("agent");
        var agentId = (await (await agent.GetAsync("/api/v1/auth/me")).JsonAsync()).GetProperty("id").GetGuid();
        (await (await app.PersonAsync("supervisor")).PostAsJsonAsync("/api/v1/debtors/assignments", new { agentId, invoiceIds = new[] { invoiceId } }))
            .EnsureSuccessStatusCode();

        var item = (await (await agent.GetAsync("/api/v1/work-queue")).JsonAsync()).GetProperty("items")[0];
        Assert.That(item.GetProperty("contactAllowedNow").GetBoolean(), Is.False);
        Assert.That(item.GetProperty("contactNote").GetString(), Does.Contain("domingo"));
        Assert.That(item.GetProperty("contactAllowedFrom").GetDateTimeOffset(),
            Is.EqualTo(new DateTimeOffset(sunday.AddDays(1).ToDateTime(new TimeOnly(8, 0)), TimeSpan.FromHours(-3))), "Monday at 8 in São Paulo");

        app.Clock.Advance(TimeSpan.FromHours(18));   // Monday 12:00 UTC, 9:00 in São Paulo
        agent = await app.AgainAsync(agent);
        item = (await (await agent.GetAsync("/api/v1/work-queue")).JsonAsync()).GetProperty("items")[0];
        Assert.That(item.GetProperty("contactAllowedNow").GetBoolean(), Is.True);
        Assert.That(item.GetProperty("contactNote").ValueKind, Is.EqualTo(JsonValueKind.Null));
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
