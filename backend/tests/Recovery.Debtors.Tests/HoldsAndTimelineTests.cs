namespace Recovery.Debtors.Tests;

public sealed class HoldsAndTimelineTests : PartnerFixture
{
    private async Task<(Guid DebtorId, Guid InvoiceId, string ExternalId)> DebtorWithInvoiceAsync()
    {
        var body = Invoices.Example(document: TestData.Cpf());
        var invoice = await (await Partner.PushAsync(body)).JsonAsync();
        return (invoice.GetProperty("debtorId").GetGuid(), invoice.GetProperty("id").GetGuid(), body["externalId"]!.GetValue<string>());
    }

    private static async Task<JsonElement[]> TimelineAsync(HttpClient client, Guid debtorId, string query = "") =>
        (await (await client.GetAsync($"/api/v1/debtors/{debtorId}/timeline{query}")).JsonAsync()).GetProperty("items").EnumerateArray().ToArray();

    [Test]
    public async Task Notes_payments_and_holds_land_on_the_timeline_newest_first()
    {
        var (debtorId, _, externalId) = await DebtorWithInvoiceAsync();
        var agent = await App.PersonAsync("agent");
        Assert.That((await agent.PostAsJsonAsync($"/api/v1/debtors/{debtorId}/notes", new { text = "Cliente pediu retorno amanhã" })).StatusCode,
            Is.EqualTo(HttpStatusCode.Created));
        (await Partner.PostAsJsonAsync($"/api/v1/partner/invoices/{externalId}/payments", new { paymentId = "PG-9", amount = 34.56m, paidAt = "2026-11-20" }))
            .EnsureSuccessStatusCode();
        (await agent.PostAsJsonAsync($"/api/v1/debtors/{debtorId}/holds", new { kind = "dispute", reason = "contesta o valor" })).EnsureSuccessStatusCode();

        var entries = await TimelineAsync(agent, debtorId);
        Assert.That(entries.Select(e => e.GetProperty("kind").GetString()), Is.EqualTo(new[] { "hold_placed", "payment", "note" }));
        Assert.That(entries[2].GetProperty("text").GetString(), Is.EqualTo("Cliente pediu retorno amanhã"));
        Assert.That(entries[2].GetProperty("actorName").GetString(), Does.StartWith("agent-"));

        var page = await (await agent.GetAsync($"/api/v1/debtors/{debtorId}/timeline?limit=2")).JsonAsync();
        Assert.That(page.GetProperty("items").GetArrayLength(), Is.EqualTo(2));
        var rest = await TimelineAsync(agent, debtorId, "?limit=2&cursor=" + page.GetProperty("nextCursor").GetString());
        Assert.That(rest.Single().GetProperty("kind").GetString(), Is.EqualTo("note"));
    }

    [Test]
    public async Task The_timeline_cannot_be_rewritten()
    {
        var (debtorId, _, _) = await DebtorWithInvoiceAsync();
        var agent = await App.PersonAsync("agent");
        (await agent.PostAsJsonAsync($"/api/v1/debtors/{debtorId}/notes", new { text = "original" })).EnsureSuccessStatusCode();
        Assert.CatchAsync(() => App.WithConnectionAsync("debtors", c => Dapper.SqlMapper.ExecuteAsync(c,
            "UPDATE debtors.interaction SET text = 'rewritten'")));
        Assert.CatchAsync(() => App.WithConnectionAsync("debtors", c => Dapper.SqlMapper.ExecuteAsync(c, "DELETE FROM debtors.interaction")));
    }

    [Test]
    public async Task A_hold_shows_on_the_debtor_until_a_supervisor_lifts_it()
    {
        var (debtorId, invoiceId, _) = await DebtorWithInvoiceAsync();
        var agent = await App.PersonAsync("agent");
        var placed = await agent.PostAsJsonAsync($"/api/v1/debtors/{debtorId}/holds",
            new { kind = "hardship", reason = "desemprego", legalBasis = "Lei 14.181/2021", endsOn = App.Today.AddDays(60).ToString("yyyy-MM-dd") });
        Assert.That(placed.StatusCode, Is.EqualTo(HttpStatusCode.Created));
        var hold = await placed.JsonAsync();

        var debtor = await (await agent.GetAsync($"/api/v1/debtors/{debtorId}")).JsonAsync();
        Assert.That(debtor.GetProperty("onHold").GetBoolean(), Is.True);
        Assert.That(debtor.GetProperty("holds")[0].GetProperty("legalBasis").GetString(), Is.EqualTo("Lei 14.181/2021"));

        var holdId = hold.GetProperty("id").GetGuid();
        await (await agent.PostAsJsonAsync($"/api/v1/debtors/{debtorId}/holds/{holdId}/lift", new { reason = "voltou a trabalhar" }))
            .AssertProblemAsync(HttpStatusCode.Forbidden);
        var supervisor = await App.PersonAsync("supervisor");
        var lifted = await (await supervisor.PostAsJsonAsync($"/api/v1/debtors/{debtorId}/holds/{holdId}/lift", new { reason = "voltou a trabalhar" })).JsonAsync();
        Assert.That(lifted.GetProperty("liftedAt").ValueKind, Is.Not.EqualTo(JsonValueKind.Null));
        Assert.That((await (await agent.GetAsync($"/api/v1/debtors/{debtorId}")).JsonAsync()).GetProperty("onHold").GetBoolean(), Is.False);
        await (await supervisor.PostAsJsonAsync($"/api/v1/debtors/{debtorId}/holds/{holdId}/lift", new { reason = "de novo" }))
            .AssertProblemAsync(HttpStatusCode.Conflict);

        var onDebt = await agent.PostAsJsonAsync($"/api/v1/debtors/{debtorId}/holds", new { kind = "lawsuit", reason = "processo 123", invoiceId });
        Assert.That(onDebt.StatusCode, Is.EqualTo(HttpStatusCode.Created));
    }

    [Test]
    public async Task Bad_holds_and_notes_are_refused_and_change_nothing()
    {
        var (debtorId, _, _) = await DebtorWithInvoiceAsync();
        var agent = await App.PersonAsync("agent");
        var problem = await (await agent.PostAsJsonAsync($"/api/v1/debtors/{debtorId}/holds",
            new { kind = "vacation", reason = "", endsOn = "2020-01-01" })).AssertProblemAsync(HttpStatusCode.BadRequest);
        foreach (var field in new[] { "kind", "reason", "endsOn" }) Assert.That(problem.ErrorsFor(field), Is.Not.Empty, field);

        var (_, otherInvoice, _) = await DebtorWithInvoiceAsync();
        var foreign = await (await agent.PostAsJsonAsync($"/api/v1/debtors/{debtorId}/holds",
            new { kind = "dispute", reason = "x", invoiceId = otherInvoice })).AssertProblemAsync(HttpStatusCode.BadRequest);
        Assert.That(foreign.ErrorsFor("invoiceId"), Is.Not.Empty);

        await (await agent.PostAsJsonAsync($"/api/v1/debtors/{debtorId}/notes", new { text = "" })).AssertProblemAsync(HttpStatusCode.BadRequest);
        await (await agent.PostAsJsonAsync($"/api/v1/debtors/{Guid.NewGuid()}/notes", new { text = "x" })).AssertProblemAsync(HttpStatusCode.NotFound);
        Assert.That(await TimelineAsync(agent, debtorId), Is.Empty);

        var auditor = await App.PersonAsync("auditor");
        await (await auditor.PostAsJsonAsync($"/api/v1/debtors/{debtorId}/notes", new { text = "x" })).AssertProblemAsync(HttpStatusCode.Forbidden);
    }
}
