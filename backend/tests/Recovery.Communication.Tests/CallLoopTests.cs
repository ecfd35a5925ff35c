namespace Recovery.Communication.Tests;

/// <summary>The agent's call loop (ADR 0022): outcomes per portfolio and their effects, lawful callbacks, the dialer hook.</summary>
public sealed class CallLoopTests
{
    private const string Phone = "+5511987654321";   // Invoices.Example's

    /// <summary>A Tuesday at 11:00 in São Paulo (14:00 UTC), Tuesday and Wednesday no holidays.</summary>
    private static async Task<(Dunning Dunning, HttpClient Agent, HttpClient Supervisor)> StartAsync()
    {
        var dunning = new Dunning();
        dunning.MoveTo(dunning.Next(DayOfWeek.Tuesday, 14));
        await dunning.StartAsync();
        return (dunning, await dunning.App.PersonAsync("agent"), await dunning.App.PersonAsync("supervisor"));
    }

    private static Task<HttpResponseMessage> CallAsync(HttpClient agent, Guid debtorId, string outcome, string? note = null,
        DateTimeOffset? callbackAt = null, string phone = Phone, string? language = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/debtors/{debtorId}/calls")
        {
            Content = JsonContent.Create(new { phone, outcome, note, callbackAt }),
        };
        if (language is not null) request.Headers.AcceptLanguage.ParseAdd(language);
        return agent.SendAsync(request);
    }

    private static async Task<JsonElement[]> TimelineAsync(HttpClient agent, Guid debtorId) =>
        (await (await agent.GetAsync($"/api/v1/debtors/{debtorId}/timeline")).JsonAsync()).GetProperty("items").EnumerateArray().ToArray();

    [Test]
    public async Task A_portfolio_has_the_default_outcomes_until_a_supervisor_saves_its_own_and_calls_use_its_codes()
    {
        var (dunning, agent, supervisor) = await StartAsync();
        await using var _ = dunning;
        var debt = await dunning.DebtAsync(dunning.App.Today.AddDays(-20));
        var portfolioId = await dunning.PortfolioIdAsync();

        var defaults = await (await agent.GetAsync($"/api/v1/portfolios/{portfolioId}/call-outcomes")).JsonAsync();
        Assert.That(defaults.GetProperty("custom").GetBoolean(), Is.False);
        var items = defaults.GetProperty("items").EnumerateArray().ToDictionary(i => i.GetProperty("code").GetString()!);
        Assert.That(items["no_answer"].GetProperty("label").GetString(), Is.EqualTo("Não atende"));
        Assert.That(items["wrong_number"].GetProperty("effect").GetString(), Is.EqualTo("invalid_phone"));
        Assert.That(items["deceased"].GetProperty("effect").GetString(), Is.EqualTo("deceased_hold"));
        Assert.That(items["promise"].GetProperty("effect").GetString(), Is.EqualTo("promise"));

        var refused = await (await supervisor.PutAsJsonAsync($"/api/v1/portfolios/{portfolioId}/call-outcomes",
            new { items = new object[] { new { code = "Não Atende", label = "", effect = "none" } } })).AssertProblemAsync(HttpStatusCode.BadRequest);
        Assert.That(refused.ErrorsFor("items[0].code"), Is.Not.Empty);
        Assert.That(refused.ErrorsFor("items[0].label"), Is.Not.Empty);
        await (await agent.PutAsJsonAsync($"/api/v1/portfolios/{portfolioId}/call-outcomes",
            new { items = new object[] { new { code = "busy", label = "Ocupado", effect = "none" } } })).AssertProblemAsync(HttpStatusCode.Forbidden);

        var saved = await (await supervisor.PutAsJsonAsync($"/api/v1/portfolios/{portfolioId}/call-outcomes", new
        {
            items = new object[] { new { code = "busy", label = "Ocupado", effect = "none" }, new { code = "wrong_number", label = "Não é o devedor", effect = "invalid_phone" } },
        })).JsonAsync();
        Assert.That(saved.GetProperty("custom").GetBoolean(), Is.True);
        var read = await (await agent.GetAsync($"/api/v1/portfolios/{portfolioId}/call-outcomes")).JsonAsync();
        Assert.That(read.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("code").GetString()), Is.EqualTo(new[] { "busy", "wrong_number" }));

        var ofDebtor = await (await agent.GetAsync($"/api/v1/debtors/{debt.DebtorId}/call-outcomes")).JsonAsync();
        Assert.That(ofDebtor.GetProperty("portfolioId").GetGuid(), Is.EqualTo(portfolioId), "the portfolio of the debtor's open debt");
        Assert.That(ofDebtor.GetProperty("items").GetArrayLength(), Is.EqualTo(2));
        var unknown = await (await CallAsync(agent, debt.DebtorId, "no_answer")).AssertProblemAsync(HttpStatusCode.BadRequest);
        Assert.That(unknown.ErrorsFor("outcome").Single(), Does.Contain("busy"), "the portfolio's own list applies");
        var busy = await (await CallAsync(agent, debt.DebtorId, "busy", "  ligar à tarde ")).JsonAsync();
        Assert.That(busy.GetProperty("label").GetString(), Is.EqualTo("Ocupado"));
        Assert.That(busy.GetProperty("effect").GetString(), Is.EqualTo("none"));
        var notTheirs = await (await CallAsync(agent, debt.DebtorId, "busy", phone: "+5521900000000")).AssertProblemAsync(HttpStatusCode.BadRequest);
        Assert.That(notTheirs.ErrorsFor("phone"), Is.Not.Empty);

        await RecoveryApp.EventuallyAsync(async () => (await TimelineAsync(agent, debt.DebtorId)).Any(e => e.GetProperty("kind").GetString() == "call"), "the call in the timeline");
        var entry = (await TimelineAsync(agent, debt.DebtorId)).First(e => e.GetProperty("kind").GetString() == "call");
        Assert.That(entry.GetProperty("text").GetString(), Is.EqualTo($"Ligação para {Phone}: Ocupado — ligar à tarde"));
        Assert.That(entry.GetProperty("result").GetString(), Is.EqualTo("busy"));
        Assert.That(entry.GetProperty("actorName").GetString(), Is.EqualTo(dunning.App.EmailOf(agent)));
    }

    [Test]
    public async Task A_wrong_number_is_marked_invalid_and_no_channel_uses_it_again()
    {
        var (dunning, agent, supervisor) = await StartAsync();
        await using var _ = dunning;
        await dunning.TemplateAsync(supervisor, "sms", "sms", "{{nome}}, fale com {{credor}} (CNPJ {{cnpj_credor}}) sobre {{valor}}.");
        var debt = await dunning.DebtAsync(dunning.App.Today.AddDays(-20));

        var recorded = await (await CallAsync(agent, debt.DebtorId, "wrong_number", "atendeu outra pessoa")).JsonAsync();
        Assert.That(recorded.GetProperty("effect").GetString(), Is.EqualTo("invalid_phone"));
        await RecoveryApp.EventuallyAsync(async () =>
            !(await (await agent.GetAsync($"/api/v1/debtors/{debt.DebtorId}")).JsonAsync()).GetProperty("contacts").EnumerateArray()
                .Single(c => c.GetProperty("channel").GetString() == "phone").GetProperty("valid").GetBoolean(), "the phone marked invalid");

        (await agent.PostAsJsonAsync($"/api/v1/debtors/{debt.DebtorId}/messages", new { template = "sms", invoiceId = debt.InvoiceId })).EnsureSuccessStatusCode();
        var sms = await Dunning.MessageAsync(agent, debt.DebtorId, m => m.GetProperty("status").GetString() is "blocked" or "sent", "the SMS decided");
        Assert.That(sms.GetProperty("status").GetString(), Is.EqualTo("blocked"));
        Assert.That(sms.GetProperty("history")[0].GetProperty("detail").GetString(), Does.Contain("sem telefone do devedor"));
        Assert.That(dunning.Provider.Received.Where(r => r.Path == "/sms"), Is.Empty);

        var again = await (await CallAsync(agent, debt.DebtorId, "no_answer")).AssertProblemAsync(HttpStatusCode.BadRequest);
        Assert.That(again.ErrorsFor("phone"), Is.Not.Empty, "an invalid number is not called again");
    }

    [Test]
    public async Task A_death_places_the_deceased_hold_and_a_promise_answers_what_its_form_starts_with()
    {
        var (dunning, agent, _) = await StartAsync();
        await using var __ = dunning;
        var promised = await dunning.DebtAsync(dunning.App.Today.AddDays(-20));
        var promise = await (await CallAsync(agent, promised.DebtorId, "promise", "paga na sexta")).JsonAsync();
        Assert.That(promise.GetProperty("effect").GetString(), Is.EqualTo("promise"));
        var prefill = promise.GetProperty("promise");
        Assert.That(prefill.GetProperty("invoiceIds").EnumerateArray().Select(i => i.GetGuid()), Is.EqualTo(new[] { promised.InvoiceId }));
        Assert.That(prefill.Money("amount"), Is.EqualTo(1234.56m), "what the debtor owes");
        Assert.That(prefill.GetProperty("note").GetString(), Is.EqualTo("paga na sexta"));
        Assert.That(DateOnly.Parse(prefill.GetProperty("dueDate").GetString()!), Is.GreaterThan(dunning.App.Today));

        var deceased = await dunning.DebtAsync(dunning.App.Today.AddDays(-20));
        Assert.That((await (await CallAsync(agent, deceased.DebtorId, "deceased", "informado pela filha")).JsonAsync())
            .GetProperty("promise").ValueKind, Is.EqualTo(JsonValueKind.Null));
        JsonElement debtor = default;
        await RecoveryApp.EventuallyAsync(async () =>
        {
            debtor = await (await agent.GetAsync($"/api/v1/debtors/{deceased.DebtorId}")).JsonAsync();
            return debtor.GetProperty("onHold").GetBoolean();
        }, "the deceased hold");
        var hold = debtor.GetProperty("holds").EnumerateArray().Single();
        Assert.That(hold.GetProperty("kind").GetString(), Is.EqualTo("deceased"));
        Assert.That(hold.GetProperty("reason").GetString(), Does.Contain("informado pela filha"));
        Assert.That(hold.GetProperty("placedBy").GetString(), Is.EqualTo(dunning.App.EmailOf(agent)));
        (await CallAsync(agent, deceased.DebtorId, "deceased")).EnsureSuccessStatusCode();
        await Task.Delay(500);
        Assert.That((await (await agent.GetAsync($"/api/v1/debtors/{deceased.DebtorId}")).JsonAsync()).GetProperty("holds").GetArrayLength(), Is.EqualTo(1),
            "one deceased hold however many calls say so");
    }

    [Test]
    public async Task A_call_closes_the_dunning_call_task_it_answers_and_counts_once_as_a_contact()
    {
        var (dunning, agent, supervisor) = await StartAsync();
        await using var _ = dunning;
        await dunning.TemplateAsync(supervisor, "ligar", "call", "Ligar para {{nome}} sobre {{valor}}. {{credor}} CNPJ {{cnpj_credor}}");
        var debt = await dunning.DebtAsync(dunning.App.Today.AddDays(-20));
        (await agent.PostAsJsonAsync($"/api/v1/debtors/{debt.DebtorId}/messages", new { template = "ligar", invoiceId = debt.InvoiceId })).EnsureSuccessStatusCode();
        JsonElement task = default;
        await RecoveryApp.EventuallyAsync(async () =>
        {
            var items = (await (await agent.GetAsync("/api/v1/communication/calls")).JsonAsync()).GetProperty("items").EnumerateArray()
                .Where(c => c.GetProperty("debtorId").GetGuid() == debt.DebtorId).ToArray();
            if (items.Length == 0) return false;
            task = items[0];
            return true;
        }, "the call task in the calls queue");
        var messageId = task.GetProperty("messageId").GetGuid();

        var other = await dunning.DebtAsync(dunning.App.Today.AddDays(-20));
        var notTheirs = await (await agent.PostAsJsonAsync($"/api/v1/debtors/{other.DebtorId}/calls", new { phone = Phone, outcome = "no_answer", messageId }))
            .AssertProblemAsync(HttpStatusCode.BadRequest);
        Assert.That(notTheirs.ErrorsFor("messageId"), Is.Not.Empty, "a task closes only from its own debtor");

        (await agent.PostAsJsonAsync($"/api/v1/debtors/{debt.DebtorId}/calls", new { phone = Phone, outcome = "message_left", note = "com a esposa", messageId }))
            .EnsureSuccessStatusCode();
        var open = (await (await agent.GetAsync("/api/v1/communication/calls")).JsonAsync()).GetProperty("items").EnumerateArray();
        Assert.That(open.Any(c => c.GetProperty("messageId").GetGuid() == messageId), Is.False);
        var message = await Dunning.MessageAsync(agent, debt.DebtorId, m => m.GetProperty("id").GetGuid() == messageId, "the call message");
        Assert.That(message.GetProperty("status").GetString(), Is.EqualTo("delivered"));

        var email = dunning.App.EmailOf(agent);
        JsonElement line = default;
        await RecoveryApp.EventuallyAsync(async () =>
        {
            var agents = (await (await supervisor.GetAsync($"/api/v1/reports/productivity?agent={Uri.EscapeDataString(email)}")).JsonAsync())
                .GetProperty("agents").EnumerateArray().ToArray();
            if (agents.Length == 0 || agents[0].GetProperty("calls").GetInt64() != 1 || agents[0].GetProperty("contacts").GetInt64() == 0) return false;
            line = agents[0];
            return true;
        }, "the call in productivity");
        await Task.Delay(300);
        line = (await (await supervisor.GetAsync($"/api/v1/reports/productivity?agent={Uri.EscapeDataString(email)}")).JsonAsync()).GetProperty("agents")[0];
        Assert.That(line.GetProperty("contacts").GetInt64(), Is.EqualTo(1), "the task's message and the call are one contact");
        Assert.That(line.GetProperty("outcomes").GetProperty("message_left").GetInt64(), Is.EqualTo(1));
    }
}
