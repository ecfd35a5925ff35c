namespace Recovery.Debtors.Tests;

/// <summary>
/// The debtor's history as the 360 shows it: paged past 200 entries with each entry exactly once; promises, agreements
/// and payments in Portuguese, amounts in reais, the agent by name and the platform as "sistema", each entry naming
/// what it refers to.
/// </summary>
public sealed class HistoryTests : PartnerFixture
{
    private async Task<(Guid InvoiceId, Guid DebtorId, string ExternalId)> PushAsync(decimal amount, int daysLate)
    {
        var body = Invoices.Example(document: TestData.Cpf());
        body["amount"] = amount;
        body["issueDate"] = null;
        body["dueDate"] = App.Today.AddDays(-daysLate).ToString("yyyy-MM-dd");
        var invoice = await (await Partner.PushAsync(body)).JsonAsync();
        return (invoice.GetProperty("id").GetGuid(), invoice.GetProperty("debtorId").GetGuid(), invoice.GetProperty("externalId").GetString()!);
    }

    private static async Task<JsonElement> GetAsync(HttpClient client, string url)
    {
        var response = await client.GetAsync(url);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), $"{url}: {await response.Content.ReadAsStringAsync()}");
        return await response.JsonAsync();
    }

    [Test]
    public async Task Paging_past_200_entries_returns_each_entry_exactly_once_newest_first()
    {
        var debt = await PushAsync(100m, 10);
        var agent = await App.PersonAsync("agent", "Carla Atendente");
        const int notes = 230;
        for (var i = 0; i < notes; i++)
            (await agent.PostAsJsonAsync($"/api/v1/debtors/{debt.DebtorId}/notes", new { text = $"anotação {i}" })).EnsureSuccessStatusCode();

        var seen = new List<JsonElement>();
        string? cursor = null;
        var pages = 0;
        do
        {
            var page = await GetAsync(agent, $"/api/v1/debtors/{debt.DebtorId}/timeline?limit=200{(cursor is null ? "" : $"&cursor={cursor}")}");
            seen.AddRange(page.GetProperty("items").EnumerateArray());
            cursor = page.GetProperty("nextCursor").GetString();
            pages++;
        } while (cursor is not null && pages < 10);

        var texts = seen.Where(e => e.GetProperty("kind").GetString() == "note").Select(e => e.GetProperty("text").GetString()).ToList();
        Assert.That(pages, Is.EqualTo(2));
        Assert.That(texts, Has.Count.EqualTo(notes));
        Assert.That(texts, Is.Unique);
        Assert.That(texts, Is.EquivalentTo(Enumerable.Range(0, notes).Select(i => $"anotação {i}")));
        Assert.That(texts[0], Is.EqualTo($"anotação {notes - 1}"), "newest first");
        Assert.That(seen.Select(e => e.GetProperty("id").GetGuid()), Is.Unique);
        Assert.That(seen.Where(e => e.GetProperty("kind").GetString() == "note").Select(e => e.GetProperty("actor").GetString()), Is.All.EqualTo("Carla Atendente"));
    }

    [Test]
    public async Task Promises_agreements_and_payments_read_in_portuguese_and_name_what_they_refer_to()
    {
        var promised = await PushAsync(1234.56m, 20);
        var agreed = await PushAsync(1000.00m, 200);
        var agent = await App.PersonAsync("agent", "Davi Cobrador");
        var today = App.Today;

        var promise = await (await agent.PostAsJsonAsync($"/api/v1/debtors/{promised.DebtorId}/promises", new { amount = 300.00m, dueDate = today.AddDays(3) })).JsonAsync();
        (await Partner.PostAsJsonAsync($"/api/v1/partner/invoices/{promised.ExternalId}/payments", new { paymentId = "PG-9", amount = 1234.56m, paidAt = today }))
            .EnsureSuccessStatusCode();
        var created = await agent.PostAsJsonAsync("/api/v1/agreements", new
        {
            debtorId = agreed.DebtorId, invoiceIds = new[] { agreed.InvoiceId }, downPayment = 200.00m, installments = 2,
            firstDueDate = today.AddDays(30).ToString("yyyy-MM-dd"), discountPercent = 0m,
        });
        Assert.That(created.StatusCode, Is.EqualTo(HttpStatusCode.Created), await created.Content.ReadAsStringAsync());
        var agreementId = (await created.JsonAsync()).GetProperty("id").GetGuid();

        JsonElement[] entries = [];
        await RecoveryApp.EventuallyAsync(async () =>
        {
            entries = (await GetAsync(agent, $"/api/v1/debtors/{promised.DebtorId}/timeline")).GetProperty("items").EnumerateArray().ToArray();
            return entries.Any(e => e.GetProperty("kind").GetString() == "promise");
        }, "the promise in the history");
        var made = entries.Single(e => e.GetProperty("kind").GetString() == "promise");
        Assert.That(made.GetProperty("text").GetString(), Is.EqualTo($"Promessa de pagar R$ 300,00 até {today.AddDays(3):dd/MM/yyyy}"));
        Assert.That(made.GetProperty("result").GetString(), Is.EqualTo("made"));
        Assert.That(made.GetProperty("actor").GetString(), Is.EqualTo("Davi Cobrador"));
        Assert.That(made.GetProperty("subjectKind").GetString(), Is.EqualTo("promise"));
        Assert.That(made.GetProperty("subjectId").GetGuid(), Is.EqualTo(promise.GetProperty("id").GetGuid()));
        Assert.That(made.Money("amount"), Is.EqualTo(300.00m));
        var payment = entries.Single(e => e.GetProperty("kind").GetString() == "payment");
        Assert.That(payment.GetProperty("text").GetString(), Is.EqualTo("Pagamento PG-9 de R$ 1.234,56 informado pelo credor"));
        Assert.That(payment.GetProperty("invoiceId").GetGuid(), Is.EqualTo(promised.InvoiceId));

        await RecoveryApp.EventuallyAsync(async () =>
        {
            entries = (await GetAsync(agent, $"/api/v1/debtors/{agreed.DebtorId}/timeline")).GetProperty("items").EnumerateArray().ToArray();
            return entries.Count(e => e.GetProperty("kind").GetString() == "agreement") == 2;
        }, "the agreement, made and in force, in the history");
        var agreementEntries = entries.Where(e => e.GetProperty("kind").GetString() == "agreement").ToList();
        Assert.That(agreementEntries.Select(e => e.GetProperty("subjectId").GetGuid()), Is.All.EqualTo(agreementId));
        Assert.That(agreementEntries.Select(e => e.GetProperty("text").GetString()), Has.None.Contain(agreementId.ToString()), "no raw id in the text");
        var inForce = agreementEntries.Single(e => e.GetProperty("result").GetString() == "active");
        Assert.That(inForce.GetProperty("text").GetString(), Is.EqualTo("Acordo em vigor (1 débito)"));
        Assert.That(inForce.GetProperty("actor").GetString(), Is.EqualTo("sistema"));
        var closed = agreementEntries.Single(e => e.GetProperty("result").GetString() == "created");
        Assert.That(closed.GetProperty("actor").GetString(), Is.EqualTo("Davi Cobrador"));
        Assert.That(closed.GetProperty("text").GetString(), Does.StartWith("Acordo de R$ ").And.Contain("entrada de R$ 200,00 e 2 parcela(s)"));
    }
}
