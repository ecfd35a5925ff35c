namespace Recovery.Debtors.Tests;

public sealed class BatchTests : PartnerFixture
{
    [Test]
    public async Task Valid_items_are_stored_and_a_rejected_one_changes_nothing()
    {
        var good1 = Invoices.Example();
        var bad = Invoices.Example();
        bad["amount"] = 10.001m;
        bad["debtor"]!["document"] = TestData.Cpf();
        var good2 = Invoices.Example();

        var response = await (await Partner.BatchAsync([good1, bad, good2])).JsonAsync();
        Assert.That(response.GetProperty("created").GetInt32(), Is.EqualTo(2));
        Assert.That(response.GetProperty("rejected").GetInt32(), Is.EqualTo(1));
        var results = response.GetProperty("results").EnumerateArray().ToArray();
        Assert.That(results.Select(r => r.GetProperty("index").GetInt32()), Is.EqualTo(new[] { 0, 1, 2 }));
        Assert.That(results.Select(r => r.GetProperty("outcome").GetString()), Is.EqualTo(new[] { "created", "rejected", "created" }));
        Assert.That(results[1].GetProperty("errors").TryGetProperty("invoices[1].amount", out _), Is.True, results[1].ToString());
        Assert.That(results[1].GetProperty("externalId").GetString(), Is.EqualTo(bad["externalId"]!.GetValue<string>()));

        Assert.That((await Partner.InvoiceAsync(good2["externalId"]!.GetValue<string>())).GetProperty("id").GetGuid(),
            Is.EqualTo(results[2].GetProperty("id").GetGuid()));
        await (await Partner.GetAsync($"/api/v1/partner/invoices/{bad["externalId"]}")).AssertProblemAsync(HttpStatusCode.NotFound);
    }

    [Test]
    public async Task An_item_with_a_wrong_type_or_an_impossible_date_is_rejected_alone()
    {
        var good = Invoices.Example();
        var text = Invoices.Example();
        text["amount"] = "abc";
        var date = Invoices.Example();
        date["dueDate"] = "2025-02-30";
        var nested = Invoices.Example();
        nested["debtor"]!["monthlyIncome"] = true;

        var response = await (await Partner.BatchAsync([good, text, date, nested])).JsonAsync();
        var results = response.GetProperty("results").EnumerateArray().ToArray();
        Assert.That(results.Select(r => r.GetProperty("outcome").GetString()), Is.EqualTo(new[] { "created", "rejected", "rejected", "rejected" }));
        Assert.That(response.GetProperty("created").GetInt32(), Is.EqualTo(1));
        Assert.That(results[1].GetProperty("errors").TryGetProperty("invoices[1].amount", out _), Is.True, results[1].ToString());
        Assert.That(results[2].GetProperty("errors").TryGetProperty("invoices[2].dueDate", out _), Is.True, results[2].ToString());
        Assert.That(results[3].GetProperty("errors").TryGetProperty("invoices[3].debtor.monthlyIncome", out _), Is.True, results[3].ToString());
        Assert.That((await Partner.InvoiceAsync(good["externalId"]!.GetValue<string>())).GetProperty("id").GetGuid(),
            Is.EqualTo(results[0].GetProperty("id").GetGuid()), "the valid item is stored");
        await (await Partner.GetAsync($"/api/v1/partner/invoices/{date["externalId"]}")).AssertProblemAsync(HttpStatusCode.NotFound);
    }

    [Test]
    public async Task The_same_external_id_twice_the_later_wins_and_both_report()
    {
        var first = Invoices.Example();
        var second = first.DeepClone().AsObject();
        second["amount"] = 99.90m;
        var response = await (await Partner.BatchAsync([first, second])).JsonAsync();
        var outcomes = response.GetProperty("results").EnumerateArray().Select(r => r.GetProperty("outcome").GetString());
        Assert.That(outcomes, Is.EqualTo(new[] { "created", "updated" }));
        var stored = await Partner.InvoiceAsync(first["externalId"]!.GetValue<string>());
        Assert.That(stored.GetProperty("amount").GetDecimal(), Is.EqualTo(99.90m));

        var again = await (await Partner.BatchAsync([second])).JsonAsync();
        Assert.That(again.GetProperty("unchanged").GetInt32(), Is.EqualTo(1));
    }

    [Test]
    public async Task Empty_missing_or_oversized_batches_are_400()
    {
        (await (await Partner.BatchAsync([])).AssertProblemAsync(HttpStatusCode.BadRequest)).ErrorsFor("invoices");
        var problem = await (await Partner.PushRawAsync("{}", "/api/v1/partner/invoices/batch")).AssertProblemAsync(HttpStatusCode.BadRequest);
        Assert.That(problem.ErrorsFor("invoices"), Is.Not.Empty);

        var item = new JsonObject { ["externalId"] = "X", ["amount"] = 1 };
        var tooMany = await (await Partner.BatchAsync(Enumerable.Repeat<JsonNode?>(item, 1001))).AssertProblemAsync(HttpStatusCode.BadRequest);
        Assert.That(tooMany.ErrorsFor("invoices"), Is.Not.Empty);
    }

    [Test]
    public async Task A_null_item_is_rejected_alone()
    {
        var good = Invoices.Example();
        var response = await (await Partner.BatchAsync([good, null])).JsonAsync();
        Assert.That(response.GetProperty("created").GetInt32(), Is.EqualTo(1));
        Assert.That(response.GetProperty("rejected").GetInt32(), Is.EqualTo(1));
    }

    [Test]
    public async Task A_whole_batch_is_one_idempotent_request()
    {
        var key = Guid.NewGuid().ToString();
        var items = new JsonNode?[] { Invoices.Example(), Invoices.Example() };
        var first = await Partner.BatchAsync(items, key);
        var replay = await Partner.BatchAsync(items, key);
        Assert.That(replay.Headers.GetValues("Idempotent-Replayed").Single(), Is.EqualTo("true"));
        Assert.That(await replay.Content.ReadAsStringAsync(), Is.EqualTo(await first.Content.ReadAsStringAsync()));
        Assert.That((await replay.JsonAsync()).GetProperty("created").GetInt32(), Is.EqualTo(2), "the first answer, not 'unchanged'");
    }

    [Test]
    public async Task A_thousand_items_in_one_batch()
    {
        var items = Enumerable.Range(0, 1000).Select(_ => (JsonNode?)Invoices.Example(document: TestData.Cpf())).ToList();
        var response = await (await Partner.BatchAsync(items)).JsonAsync();
        Assert.That(response.GetProperty("created").GetInt32(), Is.EqualTo(1000));
    }
}
