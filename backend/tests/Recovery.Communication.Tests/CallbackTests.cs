namespace Recovery.Communication.Tests;

/// <summary>Callbacks at lawful times in the work queue, the dialer hook, and calls in the agents' productivity (ADR 0022).</summary>
public sealed class CallbackTests
{
    private const string Phone = "+5511987654321";

    private static async Task<(Dunning Dunning, HttpClient Agent, Guid AgentId, HttpClient Supervisor)> StartAsync()
    {
        var dunning = new Dunning();
        dunning.MoveTo(dunning.Next(DayOfWeek.Tuesday, 14));   // 11:00 in São Paulo
        await dunning.StartAsync();
        var agent = await dunning.App.PersonAsync("agent");
        var agentId = (await (await agent.GetAsync("/api/v1/auth/me")).JsonAsync()).GetProperty("id").GetGuid();
        return (dunning, agent, agentId, await dunning.App.PersonAsync("supervisor"));
    }

    private static Task<HttpResponseMessage> CallAsync(HttpClient agent, Guid debtorId, string outcome, DateTimeOffset? callbackAt = null, string? language = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/debtors/{debtorId}/calls") { Content = JsonContent.Create(new { phone = Phone, outcome, callbackAt }) };
        if (language is not null) request.Headers.AcceptLanguage.ParseAdd(language);
        return agent.SendAsync(request);
    }

    private static async Task<Guid[]> QueueAsync(HttpClient agent) =>
        (await (await agent.GetAsync("/api/v1/work-queue")).JsonAsync()).GetProperty("items").EnumerateArray().Select(i => i.GetProperty("debtorId").GetGuid()).ToArray();

    [Test]
    public async Task A_callback_at_a_lawful_time_takes_the_debtor_out_of_the_queue_until_due_and_first_from_then_and_an_unlawful_one_is_refused()
    {
        var (dunning, agent, agentId, supervisor) = await StartAsync();
        await using var _ = dunning;
        var larger = await dunning.DebtAsync(dunning.App.Today.AddDays(-20));
        var smaller = await dunning.DebtAsync(dunning.App.Today.AddDays(-400));
        (await supervisor.PostAsJsonAsync("/api/v1/debtors/assignments", new { agentId, invoiceIds = new[] { larger.InvoiceId, smaller.InvoiceId } })).EnsureSuccessStatusCode();
        Assert.That(await QueueAsync(agent), Is.EqualTo(new[] { larger.DebtorId, smaller.DebtorId }));

        var now = dunning.App.Clock.GetUtcNow();
        var tonight = now.Date.AddHours(25);   // 22:00 in São Paulo
        var unlawful = await (await CallAsync(agent, smaller.DebtorId, "call_back", new DateTimeOffset(tonight, TimeSpan.Zero), "pt-BR"))
            .AssertProblemAsync(HttpStatusCode.BadRequest);
        var wednesday = DateOnly.FromDateTime(now.Date.AddDays(1)).ToString("dd/MM/yyyy");
        Assert.That(unlawful.ErrorsFor("callbackAt").Single(), Does.Contain($"o próximo horário permitido é {wednesday} às 08:00"));
        var english = await (await CallAsync(agent, smaller.DebtorId, "call_back", new DateTimeOffset(tonight, TimeSpan.Zero))).AssertProblemAsync(HttpStatusCode.BadRequest);
        Assert.That(english.ErrorsFor("callbackAt").Single(), Does.Contain("next lawful time"));
        var past = await (await CallAsync(agent, smaller.DebtorId, "call_back", now.AddHours(-1))).AssertProblemAsync(HttpStatusCode.BadRequest);
        Assert.That(past.ErrorsFor("callbackAt"), Is.Not.Empty);

        var at = new DateTimeOffset(now.Date.AddDays(1).AddHours(13), TimeSpan.Zero);   // Wednesday 10:00 in São Paulo
        var scheduled = await (await CallAsync(agent, smaller.DebtorId, "call_back", at)).JsonAsync();
        Assert.That(scheduled.GetProperty("callbackAt").GetDateTimeOffset(), Is.EqualTo(at));
        await RecoveryApp.EventuallyAsync(async () => (await QueueAsync(agent)).SequenceEqual(new[] { larger.DebtorId }), "the debtor out of the queue until the callback");

        dunning.MoveTo(at.AddMinutes(-1));
        agent = await dunning.App.AgainAsync(agent);
        Assert.That(await QueueAsync(agent), Is.EqualTo(new[] { larger.DebtorId }), "not a minute before");
        dunning.MoveTo(at);
        var queue = await (await agent.GetAsync("/api/v1/work-queue")).JsonAsync();
        var first = queue.GetProperty("items")[0];
        Assert.That(first.GetProperty("debtorId").GetGuid(), Is.EqualTo(smaller.DebtorId), "a callback due comes first");
        Assert.That(first.GetProperty("reasonCode").GetString(), Is.EqualTo("callback_due"));
        Assert.That(first.GetProperty("reason").GetString(), Does.Contain("retorno agendado para").And.Contain("10:00"));
        Assert.That(first.GetProperty("callbackAt").GetDateTimeOffset(), Is.EqualTo(at));

        (await CallAsync(agent, smaller.DebtorId, "no_answer")).EnsureSuccessStatusCode();
        await RecoveryApp.EventuallyAsync(async () => (await QueueAsync(agent)).SequenceEqual(new[] { larger.DebtorId, smaller.DebtorId }),
            "the next call without a callback ends it");
    }

    [Test]
    public async Task Dialling_delivers_call_dialed_with_the_number_and_the_debtor_to_the_partners_webhook_and_only_at_lawful_hours()
    {
        var (dunning, agent, _, _) = await StartAsync();
        await using var __ = dunning;
        (await dunning.Partner.PutAsJsonAsync("/api/v1/partner/webhook", new { url = dunning.Provider.Url + "dialer", events = new[] { "call.dialed" } }))
            .EnsureSuccessStatusCode();
        var debt = await dunning.DebtAsync(dunning.App.Today.AddDays(-20));

        var dialled = await agent.PostAsJsonAsync($"/api/v1/debtors/{debt.DebtorId}/calls/dial", new { phone = "(11) 98765-4321" });
        Assert.That(dialled.StatusCode, Is.EqualTo(HttpStatusCode.Accepted), await dialled.Content.ReadAsStringAsync());
        await RecoveryApp.EventuallyAsync(() => Task.FromResult(dunning.Provider.Received.Any(r => r.Path == "/dialer")), "the dialer hook");
        var hook = dunning.Provider.Received.Single(r => r.Path == "/dialer");
        Assert.That(hook.Body.GetProperty("type").GetString(), Is.EqualTo("call.dialed"));
        var data = hook.Body.GetProperty("data");
        Assert.That(data.GetProperty("phone").GetString(), Is.EqualTo(Phone));
        Assert.That(data.GetProperty("debtorId").GetGuid(), Is.EqualTo(debt.DebtorId));
        Assert.That(data.GetProperty("agent").GetString(), Is.EqualTo(dunning.App.EmailOf(agent)));
        Assert.That(hook.Headers["Recovery-Signature"], Does.StartWith("t="));

        var other = await (await agent.PostAsJsonAsync($"/api/v1/debtors/{debt.DebtorId}/calls/dial", new { phone = "+5521900000000" }))
            .AssertProblemAsync(HttpStatusCode.BadRequest);
        Assert.That(other.ErrorsFor("phone"), Is.Not.Empty);
        dunning.MoveTo(new DateTimeOffset(dunning.App.Clock.GetUtcNow().Date.AddHours(23).AddMinutes(30), TimeSpan.Zero));   // 20:30 in São Paulo
        agent = await dunning.App.AgainAsync(agent);
        await (await agent.PostAsJsonAsync($"/api/v1/debtors/{debt.DebtorId}/calls/dial", new { phone = Phone })).AssertProblemAsync(HttpStatusCode.Conflict);
    }

    [Test]
    public async Task Calls_count_in_the_agents_productivity_as_contacts_and_by_outcome()
    {
        var (dunning, agent, _, supervisor) = await StartAsync();
        await using var _ = dunning;
        var one = await dunning.DebtAsync(dunning.App.Today.AddDays(-20));
        var two = await dunning.DebtAsync(dunning.App.Today.AddDays(-20));
        foreach (var (debtorId, outcome) in new[] { (one.DebtorId, "no_answer"), (one.DebtorId, "no_answer"), (two.DebtorId, "promise") })
            (await CallAsync(agent, debtorId, outcome)).EnsureSuccessStatusCode();

        var email = dunning.App.EmailOf(agent);
        JsonElement line = default;
        await RecoveryApp.EventuallyAsync(async () =>
        {
            var report = await (await supervisor.GetAsync($"/api/v1/reports/productivity?agent={Uri.EscapeDataString(email)}")).JsonAsync();
            var agents = report.GetProperty("agents").EnumerateArray().ToArray();
            if (agents.Length == 0 || agents[0].GetProperty("calls").GetInt64() < 3) return false;
            line = agents[0];
            return true;
        }, "the calls in productivity");
        Assert.That(line.GetProperty("agent").GetString(), Is.EqualTo(email));
        Assert.That(line.GetProperty("calls").GetInt64(), Is.EqualTo(3));
        Assert.That(line.GetProperty("contacts").GetInt64(), Is.EqualTo(3));
        Assert.That(line.GetProperty("outcomes").GetProperty("no_answer").GetInt64(), Is.EqualTo(2));
        Assert.That(line.GetProperty("outcomes").GetProperty("promise").GetInt64(), Is.EqualTo(1));

        var request = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/reports/productivity?agent={Uri.EscapeDataString(email)}");
        request.Headers.Accept.ParseAdd("text/csv");
        var csv = await (await supervisor.SendAsync(request)).Content.ReadAsStringAsync();
        Assert.That(csv, Does.Contain("Resultados das ligações").And.Contain("no_answer: 2; promise: 1"));
    }
}
