namespace Recovery.Debtors.Tests;

public sealed class WorkQueueTests : PartnerFixture
{
    private async Task<(Guid InvoiceId, Guid DebtorId)> PushAsync(decimal amount, int daysLate, string? document = null, string portfolio = "varejo")
    {
        var body = Invoices.Example(document: document ?? TestData.Cpf());
        body["portfolio"] = portfolio;
        body["amount"] = amount;
        body["issueDate"] = null;
        body["dueDate"] = App.Today.AddDays(-daysLate).ToString("yyyy-MM-dd");
        var invoice = await (await Partner.PushAsync(body)).JsonAsync();
        return (invoice.GetProperty("id").GetGuid(), invoice.GetProperty("debtorId").GetGuid());
    }

    /// <summary>Waits until Analytics has heard of these debtors' debts (the propensity behind expected recovery, ADR 0027).</summary>
    private async Task AnalyticsKnowsAsync(HttpClient person, params Guid[] debtorIds)
    {
        foreach (var debtorId in debtorIds)
            await RecoveryApp.EventuallyAsync(async () => (await person.GetAsync($"/api/v1/debtors/{debtorId}/score")).IsSuccessStatusCode,
                "Analytics to know the debtor's debts");
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
        await AnalyticsKnowsAsync(agent, small.DebtorId, large.DebtorId, ancient.DebtorId);

        var queue = await (await agent.GetAsync("/api/v1/work-queue")).JsonAsync();
        var order = queue.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("debtorId").GetGuid()).ToList();
        Assert.That(order, Is.EqualTo(new[] { large.DebtorId, small.DebtorId, ancient.DebtorId }),
            "by probability × outstanding: R$ 5.000 at 20 days, then R$ 100 at 10 days (likely, but small), then R$ 8.000 at 700 days (unlikely)");
        var first = queue.GetProperty("items")[0];
        Assert.That(first.GetProperty("daysLate").GetInt32(), Is.EqualTo(20));
        Assert.That(first.GetProperty("document").GetString(), Does.StartWith("***."));
        var score = await (await agent.GetAsync($"/api/v1/debtors/{large.DebtorId}/score")).JsonAsync();
        var expected = Math.Round(5000m * score.GetProperty("probability").GetDecimal(), 2);
        Assert.That(first.Money("expectedRecovery"), Is.EqualTo(expected).Within(0.5m), "expected recovery is the propensity (given to 4 places) × the outstanding");
        Assert.That(first.GetProperty("reason").GetString(),
            Does.Match(@"^20 dias em atraso, chance de pagamento de \d+%, recuperação esperada R\$ [\d.]+,\d\d$"));
        Assert.That(first.GetProperty("reasonCode").GetString(), Is.EqualTo("late"));

        var other = await App.PersonAsync("agent");
        Assert.That((await (await other.GetAsync("/api/v1/work-queue")).JsonAsync()).GetProperty("items").GetArrayLength(), Is.Zero);
    }

    [Test]
    public async Task The_queue_moves_one_row_per_debtor_promises_due_first_agreements_out_with_filters_and_pages()
    {
        var twoDebts = TestData.Cpf();
        var recent = await PushAsync(1000m, 10, twoDebts);
        var older = await PushAsync(1000m, 100, twoDebts);
        var card = await PushAsync(1000m, 50, portfolio: "cartao");
        var promisedToday = await PushAsync(1000m, 30);
        var promisedLater = await PushAsync(1000m, 40);
        var settling = await PushAsync(1000m, 60);
        var agent = await App.PersonAsync("agent");
        var agentId = (await (await agent.GetAsync("/api/v1/auth/me")).JsonAsync()).GetProperty("id").GetGuid();
        (await (await App.PersonAsync("supervisor")).PostAsJsonAsync("/api/v1/debtors/assignments", new
        {
            agentId,
            invoiceIds = new[] { recent.InvoiceId, older.InvoiceId, card.InvoiceId, promisedToday.InvoiceId, promisedLater.InvoiceId, settling.InvoiceId },
        })).EnsureSuccessStatusCode();
        var today = App.Today;
        (await agent.PostAsJsonAsync($"/api/v1/debtors/{promisedToday.DebtorId}/promises", new { amount = 300.00m, dueDate = today.ToString("yyyy-MM-dd") }))
            .EnsureSuccessStatusCode();
        (await agent.PostAsJsonAsync($"/api/v1/debtors/{promisedLater.DebtorId}/promises", new { amount = 200.00m, dueDate = today.AddDays(5).ToString("yyyy-MM-dd") }))
            .EnsureSuccessStatusCode();
        (await agent.PostAsJsonAsync("/api/v1/agreements", new
        {
            debtorId = settling.DebtorId, invoiceIds = new[] { settling.InvoiceId }, installments = 1, firstDueDate = today.AddDays(5).ToString("yyyy-MM-dd"),
        })).EnsureSuccessStatusCode();

        await AnalyticsKnowsAsync(agent, recent.DebtorId, card.DebtorId, promisedToday.DebtorId, promisedLater.DebtorId);
        JsonElement queue = default;
        await RecoveryApp.EventuallyAsync(async () =>
        {
            queue = await (await agent.GetAsync("/api/v1/work-queue")).JsonAsync();
            return queue.GetProperty("total").GetInt32() == 4;
        }, "the debtor in an agreement to leave the queue");
        var items = queue.GetProperty("items").EnumerateArray().ToList();
        Assert.That(items.Select(i => i.GetProperty("debtorId").GetGuid()),
            Is.EqualTo(new[] { recent.DebtorId, promisedToday.DebtorId, card.DebtorId, promisedLater.DebtorId }),
            "by expected recovery (the two debts of R$ 1.000 together, then 30 days late before 50); the promise due later waits");
        Assert.That(items.Take(3).Select(i => i.Money("expectedRecovery")), Is.Ordered.Descending);
        Assert.That(items[1].GetProperty("reasonCode").GetString(), Is.EqualTo("promise_due"));
        Assert.That(items[1].GetProperty("reason").GetString(), Is.EqualTo("promessa de R$ 300,00 vence hoje"));
        Assert.That(items[0].GetProperty("debts").GetInt32(), Is.EqualTo(2));
        Assert.That(items[0].Money("outstanding"), Is.EqualTo(2000.00m));
        Assert.That(items[0].GetProperty("daysLate").GetInt32(), Is.EqualTo(100));
        Assert.That(items[0].GetProperty("invoiceIds").EnumerateArray().Select(i => i.GetGuid()), Is.EqualTo(new[] { older.InvoiceId, recent.InvoiceId }));
        Assert.That(items[0].GetProperty("reason").GetString(), Does.StartWith("2 débitos, o mais antigo com 100 dias em atraso, chance de pagamento de "));
        Assert.That(items[3].GetProperty("reason").GetString(), Is.EqualTo($"aguardando a promessa de R$ 200,00 para {today.AddDays(5):dd/MM/yyyy}"));

        var facets = queue.GetProperty("portfolios").EnumerateArray().ToList();
        Assert.That(facets.Select(f => (f.GetProperty("name").GetString(), f.GetProperty("debtors").GetInt32())),
            Is.EquivalentTo(new[] { ("cartao", 1), ("varejo", 3) }), "a portfolio a partner names first is called by its code");
        var cardPortfolio = facets.Single(f => f.GetProperty("debtors").GetInt32() == 1).GetProperty("id").GetGuid();
        var byPortfolio = await (await agent.GetAsync($"/api/v1/work-queue?portfolioId={cardPortfolio}")).JsonAsync();
        Assert.That(byPortfolio.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("debtorId").GetGuid()), Is.EqualTo(new[] { card.DebtorId }));
        var byBucket = await (await agent.GetAsync("/api/v1/work-queue?bucket=91-180")).JsonAsync();
        Assert.That(byBucket.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("debtorId").GetGuid()), Is.EqualTo(new[] { recent.DebtorId }));
        var page = await (await agent.GetAsync("/api/v1/work-queue?limit=1&offset=1")).JsonAsync();
        Assert.That(page.GetProperty("total").GetInt32(), Is.EqualTo(4));
        Assert.That(page.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("debtorId").GetGuid()), Is.EqualTo(new[] { promisedToday.DebtorId }));

        var bad = await (await agent.GetAsync("/api/v1/work-queue?bucket=old&limit=0")).AssertProblemAsync(HttpStatusCode.BadRequest);
        Assert.That(bad.ErrorsFor("bucket"), Is.Not.Empty);
        Assert.That(bad.ErrorsFor("limit"), Is.Not.Empty);
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
