using Dapper;

namespace Recovery.Communication.Tests;

/// <summary>
/// LGPD art. 16: once every debt of a debtor has been closed for longer than the retention period, what the product
/// holds on the person is erased in every module; the figures stay, and a lawsuit keeps the data.
/// </summary>
public sealed class AnonymisationTests
{
    [Test]
    public async Task A_debtor_whose_debts_closed_five_years_ago_is_anonymised_everywhere_and_the_figures_stay()
    {
        var dunning = new Dunning();
        await using var _ = dunning;
        dunning.MoveTo(dunning.Next(DayOfWeek.Tuesday, 14));
        await dunning.StartAsync();
        var app = dunning.App;
        var supervisor = await app.PersonAsync("supervisor");
        await dunning.TemplateAsync(supervisor, "aviso", "email", "<p>{{nome}}: {{valor}}</p><p>{{credor}} CNPJ {{cnpj_credor}}</p>", "Aviso de débito");
        var agent = await app.PersonAsync("agent");
        var due = app.Today.AddDays(-30);
        var (closed, _, closedExternal) = await dunning.DebtAsync(due, email: "ana.titular@example.com");
        var (open, _, _) = await dunning.DebtAsync(due);
        var (sued, _, suedExternal) = await dunning.DebtAsync(due);

        // What an agent leaves on the debtor who will pay: a note, a promise with a note, an e-mail, a WhatsApp opt-in.
        (await agent.PostAsJsonAsync($"/api/v1/debtors/{closed}/notes", new { text = "Ana disse que recebe dia 10 no Banco X" })).EnsureSuccessStatusCode();
        (await agent.PostAsJsonAsync($"/api/v1/debtors/{closed}/promises",
            new { amount = 10.00m, dueDate = app.Today.AddDays(5), note = "prometeu pelo celular da irmã" })).EnsureSuccessStatusCode();
        (await agent.PostAsJsonAsync($"/api/v1/debtors/{closed}/whatsapp-opt-in", new { phone = "11 98765-4321", evidence = "áudio de 12/03" }))
            .EnsureSuccessStatusCode();
        var sent = await (await agent.PostAsJsonAsync($"/api/v1/debtors/{closed}/messages", new { template = "aviso" })).JsonAsync();
        await Dunning.MessageAsync(agent, closed, m => m.GetProperty("id").GetGuid() == sent.GetProperty("id").GetGuid()
            && m.GetProperty("status").GetString() is "sent" or "delivered", "the e-mail to go out");
        // A dial the partner's dialer hears of: the number travels in the webhook's payload.
        (await dunning.Partner.PutAsJsonAsync("/api/v1/partner/webhook", new { url = dunning.Provider.Url + "dialer", events = new[] { "call.dialed" } }))
            .EnsureSuccessStatusCode();
        Assert.That((await agent.PostAsJsonAsync($"/api/v1/debtors/{closed}/calls/dial", new { phone = "+5511987654321" })).StatusCode,
            Is.EqualTo(HttpStatusCode.Accepted));
        await RecoveryApp.EventuallyAsync(() => Task.FromResult(dunning.Provider.Received.Any(r => r.Path == "/dialer")), "the dialer hook");
        (await agent.PostAsJsonAsync($"/api/v1/debtors/{sued}/holds", new { kind = "lawsuit", reason = "processo 0001234-56.2026" }))
            .EnsureSuccessStatusCode();

        // Both paid in full today; the third stays open.
        foreach (var external in new[] { closedExternal, suedExternal })
            (await dunning.Partner.PostAsJsonAsync($"/api/v1/partner/invoices/{external}/payments",
                new { paymentId = "pg-" + external, amount = 1234.56m, paidAt = app.Today })).EnsureSuccessStatusCode();
        var cpf = (await (await agent.GetAsync($"/api/v1/debtors/{closed}?reveal=true")).JsonAsync()).GetProperty("document").GetString()!;
        var before = await (await dunning.Partner.GetAsync($"/api/v1/partner/invoices/{closedExternal}")).JsonAsync();
        Assert.That(before.GetProperty("status").GetString(), Is.EqualTo("paid"));

        var admin = await app.AdminAsync();
        async Task<string> RunAsync() =>
            (await (await admin.PostAsync("/api/v1/admin/jobs/anonymisation/runs", null)).JsonAsync()).GetProperty("outcome").GetString()!;
        Assert.That(await RunAsync(), Does.Not.Contain("anonymised"), "nothing ends its retention the day it is paid");

        app.Clock.Advance(TimeSpan.FromDays(5 * 365 + 2));
        admin = await app.AdminAsync();
        agent = await app.AgainAsync(agent);
        Assert.That(await RunAsync(), Does.Contain("1 debtors anonymised"));
        Assert.That(await RunAsync(), Does.Not.Contain("anonymised"), "a debtor is anonymised once");

        // Debtors: nothing left that names the person; the debt and its figures stay.
        var debtor = await (await agent.GetAsync($"/api/v1/debtors/{closed}?reveal=true")).JsonAsync();
        Assert.That(debtor.GetProperty("name").GetString(), Is.EqualTo("Titular anonimizado"));
        Assert.That(debtor.GetProperty("document").GetString(), Is.EqualTo("anonimizado"));
        Assert.That(debtor.GetProperty("contacts").GetArrayLength(), Is.Zero);
        var timeline = (await (await agent.GetAsync($"/api/v1/debtors/{closed}/timeline?limit=100")).JsonAsync()).GetProperty("items").EnumerateArray().ToList();
        Assert.That(timeline.Where(e => e.GetProperty("kind").GetString() != "anonymised").Select(e => e.GetProperty("text").ValueKind),
            Is.All.EqualTo(JsonValueKind.Null), "every text of the timeline erased");
        Assert.That(timeline.Single(e => e.GetProperty("kind").GetString() == "anonymised").GetProperty("text").GetString(), Does.Contain("LGPD art. 16"));
        var after = await (await dunning.Partner.GetAsync($"/api/v1/partner/invoices/{closedExternal}")).JsonAsync();
        Assert.That((after.GetProperty("status").GetString(), after.GetProperty("amount").GetDecimal()),
            Is.EqualTo((before.GetProperty("status").GetString(), before.GetProperty("amount").GetDecimal())));

        // The other modules erase their copies once the event reaches them.
        await RecoveryApp.EventuallyAsync(async () => await app.WithConnectionAsync("communication", c => c.ExecuteScalarAsync<int>(
                """
                SELECT (SELECT COUNT(*) FROM communication.message WHERE debtor_id = @Id AND (recipient IS NOT NULL OR body IS NOT NULL OR subject IS NOT NULL))
                     + (SELECT COUNT(*) FROM communication.whatsapp_opt_in WHERE debtor_id = @Id)
                """, new { Id = closed.ToString() })) == 0, "Communication to erase the recipient, the texts and the opt-in");
        var dialed = (await app.WithConnectionAsync("communication", c => c.QueryAsync<string>(
            "SELECT payload FROM communication.webhook_delivery WHERE event = 'call.dialed'"))).ToList();
        Assert.That(dialed, Has.Count.EqualTo(1));
        Assert.That(dialed[0], Does.Contain(closed.ToString()).And.Not.Contain("987654321"), "the number erased from the kept delivery");
        await RecoveryApp.EventuallyAsync(async () => await app.WithConnectionAsync("negotiation", c => c.ExecuteScalarAsync<int>(
            "SELECT COUNT(*) FROM negotiation.promise WHERE debtor_id = @Id AND note IS NOT NULL", new { Id = closed.ToString() })) == 0,
            "Negotiation to erase the promise's note");
        var messages = await Dunning.MessagesAsync(agent, closed);
        Assert.That(messages.Select(m => m.GetProperty("status").GetString()), Has.Some.AnyOf("sent", "delivered"), "what was sent, and when, stays");

        // The auditor: the CPF finds nothing any more; the anonymisation is in the trail, which still verifies.
        var auditor = await app.PersonAsync("auditor");
        Assert.That((await (await auditor.GetAsync($"/api/v1/lgpd/data-subjects/{cpf}")).JsonAsync()).GetProperty("found").GetBoolean(), Is.False);
        var found = await (await agent.GetAsync($"/api/v1/debtors?query={cpf}")).JsonAsync();
        Assert.That(found.GetProperty("items").GetArrayLength(), Is.Zero);
        var trail = await (await auditor.GetAsync($"/api/v1/audit?resource={closed}")).JsonAsync();
        Assert.That(trail.GetProperty("items").EnumerateArray().Select(e => (e.GetProperty("action").GetString(), e.GetProperty("actorName").GetString())),
            Does.Contain(("AnonymiseDebtor", "system")));
        Assert.That((await (await auditor.GetAsync("/api/v1/audit/verify")).JsonAsync()).GetProperty("valid").GetBoolean(), Is.True);

        // Still open, or in a lawsuit: kept as they were.
        foreach (var kept in new[] { open, sued })
            Assert.That((await (await agent.GetAsync($"/api/v1/debtors/{kept}")).JsonAsync()).GetProperty("name").GetString(), Is.Not.EqualTo("Titular anonimizado"));
    }
}
