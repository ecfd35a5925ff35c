namespace Recovery.Debtors.Tests;

/// <summary>
/// A supervisor hands out the unassigned debtors of a portfolio and bucket, sees who holds how many, and moves a debtor
/// from one agent to another: each agent's work queue follows.
/// </summary>
public sealed class AssignmentTests : PartnerFixture
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

    private static async Task<JsonElement> GetAsync(HttpClient client, string url)
    {
        var response = await client.GetAsync(url);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), $"{url}: {await response.Content.ReadAsStringAsync()}");
        return await response.JsonAsync();
    }

    private static List<Guid> Debtors(JsonElement page) =>
        page.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("debtorId").GetGuid()).ToList();

    [Test]
    public async Task Debts_move_between_agents_and_each_agents_queue_follows()
    {
        var twoDebts = TestData.Cpf();
        var a1 = await PushAsync(1000m, 10, twoDebts);
        var a2 = await PushAsync(500m, 20, twoDebts);
        var b = await PushAsync(800m, 15);
        var c = await PushAsync(300m, 25);
        var late = await PushAsync(700m, 100);
        var card = await PushAsync(900m, 12, portfolio: "cartao");
        var ana = await App.PersonAsync("agent", "Ana Cobradora");
        var bruno = await App.PersonAsync("agent", "Bruno Negociador");
        var anaId = (await GetAsync(ana, "/api/v1/auth/me")).GetProperty("id").GetGuid();
        var brunoId = (await GetAsync(bruno, "/api/v1/auth/me")).GetProperty("id").GetGuid();
        var supervisor = await App.PersonAsync("supervisor");
        var portfolioId = (await GetAsync(supervisor, "/api/v1/portfolios")).GetProperty("items").EnumerateArray()
            .Single(p => p.GetProperty("code").GetString() == "varejo").GetProperty("id").GetGuid();

        // Unassigned, "varejo", 1 to 30 days late: the debtor with two debts, b and c; not the late one, not the card.
        var candidates = await GetAsync(supervisor, $"/api/v1/debtors/assignments?unassigned=true&portfolioId={portfolioId}&bucket=1-30");
        Assert.That(candidates.GetProperty("total").GetInt32(), Is.EqualTo(3));
        Assert.That(Debtors(candidates), Is.EquivalentTo(new[] { a1.DebtorId, b.DebtorId, c.DebtorId }));
        var first = candidates.GetProperty("items").EnumerateArray().Single(i => i.GetProperty("debtorId").GetGuid() == a1.DebtorId);
        Assert.That(first.Money("outstanding"), Is.EqualTo(1500m));
        Assert.That(first.GetProperty("debts").GetArrayLength(), Is.EqualTo(2));
        Assert.That(first.GetProperty("debts")[0].GetProperty("agentId").ValueKind, Is.EqualTo(JsonValueKind.Null));

        // Paged two at a time, every debtor once.
        var page1 = await GetAsync(supervisor, $"/api/v1/debtors/assignments?unassigned=true&portfolioId={portfolioId}&bucket=1-30&limit=2");
        var cursor = page1.GetProperty("nextCursor").GetString();
        var page2 = await GetAsync(supervisor, $"/api/v1/debtors/assignments?unassigned=true&portfolioId={portfolioId}&bucket=1-30&limit=2&cursor={cursor}");
        Assert.That(page2.GetProperty("nextCursor").ValueKind, Is.EqualTo(JsonValueKind.Null));
        Assert.That(Debtors(page1).Concat(Debtors(page2)), Is.EquivalentTo(Debtors(candidates)));

        var invoiceIds = candidates.GetProperty("items").EnumerateArray()
            .SelectMany(i => i.GetProperty("debts").EnumerateArray().Select(d => d.GetProperty("invoiceId").GetGuid())).ToList();
        (await supervisor.PostAsJsonAsync("/api/v1/debtors/assignments", new { agentId = anaId, invoiceIds })).EnsureSuccessStatusCode();
        (await supervisor.PostAsJsonAsync("/api/v1/debtors/assignments", new { agentId = brunoId, invoiceIds = new[] { late.InvoiceId } })).EnsureSuccessStatusCode();

        var anaQueue = await GetAsync(ana, "/api/v1/work-queue");
        Assert.That(Debtors(anaQueue), Is.EquivalentTo(new[] { a1.DebtorId, b.DebtorId, c.DebtorId }));
        var team = await GetAsync(supervisor, "/api/v1/debtors/assignments/agents");
        var holders = team.GetProperty("agents").EnumerateArray().ToDictionary(a => a.GetProperty("agentId").GetGuid());
        Assert.That(holders[anaId].GetProperty("name").GetString(), Is.EqualTo("Ana Cobradora"));
        Assert.That(holders[anaId].GetProperty("debtors").GetInt32(), Is.EqualTo(3));
        Assert.That(holders[anaId].GetProperty("debts").GetInt32(), Is.EqualTo(4));
        Assert.That(holders[anaId].Money("outstanding"), Is.EqualTo(2600m));
        Assert.That(holders[brunoId].GetProperty("debts").GetInt32(), Is.EqualTo(1));
        Assert.That(team.GetProperty("unassignedDebtors").GetInt32(), Is.EqualTo(1), "only the card debt is nobody's");
        Assert.That(team.Money("unassignedOutstanding"), Is.EqualTo(900m));

        // The debtor with two debts moves to Bruno: out of Ana's queue, into his.
        var held = await GetAsync(supervisor, $"/api/v1/debtors/assignments?agentId={anaId}");
        var moving = held.GetProperty("items").EnumerateArray().Single(i => i.GetProperty("debtorId").GetGuid() == a1.DebtorId);
        Assert.That(moving.GetProperty("debts")[0].GetProperty("agentName").GetString(), Is.EqualTo("Ana Cobradora"));
        (await supervisor.PostAsJsonAsync("/api/v1/debtors/assignments", new
        {
            agentId = brunoId, invoiceIds = moving.GetProperty("debts").EnumerateArray().Select(d => d.GetProperty("invoiceId").GetGuid()).ToList(),
        })).EnsureSuccessStatusCode();

        Assert.That(Debtors(await GetAsync(ana, "/api/v1/work-queue")), Is.EquivalentTo(new[] { b.DebtorId, c.DebtorId }));
        Assert.That(Debtors(await GetAsync(bruno, "/api/v1/work-queue")), Is.EquivalentTo(new[] { a1.DebtorId, late.DebtorId }));
        var after = (await GetAsync(supervisor, "/api/v1/debtors/assignments/agents")).GetProperty("agents").EnumerateArray()
            .ToDictionary(a => a.GetProperty("agentId").GetGuid());
        Assert.That(after[anaId].GetProperty("debts").GetInt32(), Is.EqualTo(2));
        Assert.That(after[brunoId].GetProperty("debtors").GetInt32(), Is.EqualTo(2));
        Assert.That(after[brunoId].GetProperty("debts").GetInt32(), Is.EqualTo(3));
        Assert.That(Debtors(await GetAsync(supervisor, $"/api/v1/debtors/assignments?agentId={brunoId}")), Is.EquivalentTo(new[] { a1.DebtorId, late.DebtorId }));

        // Agents hand out nothing; the filters are checked.
        await (await ana.GetAsync("/api/v1/debtors/assignments")).AssertProblemAsync(HttpStatusCode.Forbidden);
        var bad = await (await supervisor.GetAsync("/api/v1/debtors/assignments?bucket=2-3")).AssertProblemAsync(HttpStatusCode.BadRequest);
        Assert.That(bad.ErrorsFor("bucket"), Is.Not.Empty);
    }
}
