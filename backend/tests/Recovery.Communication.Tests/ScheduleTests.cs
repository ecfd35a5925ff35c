namespace Recovery.Communication.Tests;

public sealed class ScheduleTests
{
    private const string EmailBody = "<p>Olá, {{nome}}. Lembramos que o contrato {{contrato}} vence em {{vencimento}}, no valor de {{valor}}.</p><p>{{credor}} — CNPJ {{cnpj_credor}}</p>";

    [Test]
    public async Task E_mails_of_a_run_share_a_few_open_connections_to_the_SMTP_server()
    {
        await using var dunning = new Dunning();
        dunning.MoveTo(dunning.Next(DayOfWeek.Tuesday, 13));
        await dunning.StartAsync();
        var supervisor = await dunning.App.PersonAsync("supervisor");
        await dunning.TemplateAsync(supervisor, "lembrete-d-5", "email", EmailBody, "Seu boleto vence em {{vencimento}}");
        for (var i = 0; i < 24; i++) await dunning.DebtAsync(dunning.App.Today.AddDays(5), email: $"cliente{i}@example.com");
        (await supervisor.PutAsJsonAsync($"/api/v1/portfolios/{await dunning.PortfolioIdAsync()}/schedule",
            new { steps = new object[] { new { key = "D-5", offsetDays = -5, channel = "email", template = "lembrete-d-5" } } })).EnsureSuccessStatusCode();

        await StartRunAsync(supervisor);

        await RecoveryApp.EventuallyAsync(() => Task.FromResult(dunning.Smtp.Received.Count == 24), "the 24 e-mails at the SMTP server");
        Assert.That(dunning.Smtp.Received.Select(m => m.To.Single()).Distinct().Count(), Is.EqualTo(24), "each once");
        Assert.That(dunning.Smtp.Connections, Is.LessThanOrEqualTo(8), "connections are kept and reused (at most one per concurrent send), not one per message");
    }

    [Test]
    public async Task The_schedule_run_by_the_clock_sends_email_sms_and_a_letter_once_each_and_tracks_delivery()
    {
        await using var dunning = new Dunning();
        dunning.MoveTo(dunning.Next(DayOfWeek.Tuesday, 13));   // 10:00 in São Paulo
        await dunning.StartAsync();
        var today = dunning.App.Today;
        var supervisor = await dunning.App.PersonAsync("supervisor");
        await dunning.TemplateAsync(supervisor, "lembrete-d-5", "email", EmailBody, "Seu boleto vence em {{vencimento}}");
        await dunning.TemplateAsync(supervisor, "sms-d1", "sms", "{{nome}}, a parcela de {{valor}} venceu ontem. {{credor}} CNPJ {{cnpj_credor}}");
        await dunning.TemplateAsync(supervisor, "carta-d7", "letter", "<p>Prezado(a) {{nome}}, consta em aberto o valor de {{valor}}.</p><p>{{credor}}, CNPJ {{cnpj_credor}}</p>");

        var preventive = await dunning.DebtAsync(today.AddDays(5), email: "preventivo@example.com");
        var late = await dunning.DebtAsync(today.AddDays(-1));
        var letter = await dunning.DebtAsync(today.AddDays(-7));
        var notYet = await dunning.DebtAsync(today.AddDays(-5));   // its D+1 was four days ago: beyond the three days of catch-up
        var saved = await (await supervisor.PutAsJsonAsync($"/api/v1/portfolios/{await dunning.PortfolioIdAsync()}/schedule", new
        {
            steps = new object[]
            {
                new { key = "D-5", offsetDays = -5, channel = "email", template = "lembrete-d-5" },
                new { key = "D+1", offsetDays = 1, channel = "sms", template = "sms-d1" },
                new { key = "D+7", offsetDays = 7, channel = "letter", template = "carta-d7", minBalance = 100.00m },
            },
        })).JsonAsync();
        Assert.That(saved.GetProperty("version").GetInt32(), Is.EqualTo(1));

        var run = await StartRunAsync(supervisor);
        Assert.That(run.GetProperty("stepsTotal").GetInt32(), Is.EqualTo(3));
        Assert.That(run.GetProperty("stepsDone").GetInt32(), Is.EqualTo(3));
        Assert.That(run.GetProperty("planned").GetInt32(), Is.EqualTo(3), "one message per debt whose step is due today");

        await RecoveryApp.EventuallyAsync(() => Task.FromResult(!dunning.Smtp.Received.IsEmpty), "the e-mail at the SMTP server");
        var mail = dunning.Smtp.Received.Single();
        Assert.That(mail.To, Is.EqualTo(new[] { "preventivo@example.com" }));
        Assert.That(mail.Data, Does.Contain("Subject:"));
        Assert.That(mail.Text, Does.Contain("Maria da Silva"));
        Assert.That(mail.Text, Does.Contain(dunning.CreditorName));
        Assert.That(mail.Text, Does.Contain(dunning.CreditorCnpj), "CDC art. 42-A: the creditor's CNPJ");
        Assert.That(mail.Text, Does.Contain("1.234,56"));
        Assert.That(mail.Text, Does.Contain(today.AddDays(5).ToString("dd/MM/yyyy")));

        await RecoveryApp.EventuallyAsync(() => Task.FromResult(!dunning.Provider.Received.IsEmpty), "the SMS at the provider");
        var sms = dunning.Provider.Received.Single();
        Assert.That(sms.Path, Is.EqualTo("/sms"));
        Assert.That(sms.Authorization, Is.EqualTo("Bearer sms-token"));
        Assert.That(sms.Body.GetProperty("to").GetString(), Is.EqualTo("+5511987654321"));
        Assert.That(sms.Body.GetProperty("text").GetString(), Does.Contain(dunning.CreditorName).And.Contain("R$"));

        var agent = await dunning.App.PersonAsync("agent");
        var letters = await (await agent.GetAsync("/api/v1/communication/letters")).JsonAsync();
        await RecoveryApp.EventuallyAsync(async () =>
            (await (await agent.GetAsync("/api/v1/communication/letters")).JsonAsync()).GetProperty("items").GetArrayLength() == 1, "the letter in the print queue");
        var queued = (await (await agent.GetAsync("/api/v1/communication/letters")).JsonAsync()).GetProperty("items")[0];
        Assert.That(queued.GetProperty("address").GetString(), Does.Contain("São Paulo - SP").And.Contain("01310-100"));
        var html = await (await agent.GetAsync($"/api/v1/communication/letters/{queued.GetProperty("messageId").GetGuid()}")).Content.ReadAsStringAsync();
        Assert.That(html, Does.Contain("Maria da Silva").And.Contain(dunning.CreditorCnpj));
        Assert.That((await agent.PostAsync($"/api/v1/communication/letters/{queued.GetProperty("messageId").GetGuid()}/printed", null)).StatusCode,
            Is.EqualTo(HttpStatusCode.NoContent));
        Assert.That(await Dunning.MessagesAsync(agent, notYet.DebtorId), Is.Empty, "D+5 matches no step");

        var again = await StartRunAsync(supervisor);
        Assert.That(again.GetProperty("planned").GetInt32(), Is.Zero, "a step is never planned twice for the same debt");

        var smsMessage = await Dunning.MessageAsync(agent, late.DebtorId, m => m.GetProperty("status").GetString() == "sent", "the SMS sent");
        var callback = new HttpRequestMessage(HttpMethod.Post, "/api/v1/providers/sms/callbacks")
        {
            Content = JsonContent.Create(new { id = "prov-1", status = "delivered" }),
        };
        callback.Headers.Add("X-Provider-Token", Dunning.ProviderToken);
        Assert.That((await dunning.App.Anonymous().SendAsync(callback)).StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
        var delivered = await Dunning.MessageAsync(agent, late.DebtorId, m => m.GetProperty("status").GetString() == "delivered", "the SMS delivered");
        Assert.That(delivered.GetProperty("id").GetGuid(), Is.EqualTo(smsMessage.GetProperty("id").GetGuid()));
        Assert.That(delivered.GetProperty("history").EnumerateArray().Select(h => h.GetProperty("outcome").GetString()), Is.EqualTo(new[] { "sent", "delivered" }));
        var forged = new HttpRequestMessage(HttpMethod.Post, "/api/v1/providers/sms/callbacks") { Content = JsonContent.Create(new { id = "prov-1", status = "failed" }) };
        await (await dunning.App.Anonymous().SendAsync(forged)).AssertProblemAsync(HttpStatusCode.Unauthorized);

        await RecoveryApp.EventuallyAsync(async () =>
            (await (await agent.GetAsync($"/api/v1/debtors/{late.DebtorId}/timeline")).JsonAsync()).GetProperty("items").EnumerateArray()
                .Count(e => e.GetProperty("kind").GetString() == "contact") == 2, "sent and delivered in the debtor's timeline");

        // The dunning funnel and the agents' contacts reconcile with what went out: the debt reminded by SMS is paid the
        // same day, within seven days of the contact; the letter was posted by the agent.
        (await dunning.Partner.PostAsJsonAsync($"/api/v1/partner/invoices/{late.ExternalId}/payments",
            new { paymentId = "PIX-1", amount = 1234.56m, paidAt = today })).EnsureSuccessStatusCode();
        var auditor = await dunning.App.PersonAsync("auditor");
        var expected = new[] { ("D-5", "email", 1L, 0L, 0L, 0L), ("D+1", "sms", 1L, 1L, 0L, 1L), ("D+7", "letter", 1L, 1L, 0L, 0L) };
        IEnumerable<(string, string, long, long, long, long)> Funnel(JsonElement report) => report.GetProperty("steps").EnumerateArray().Select(l =>
            (l.GetProperty("step").GetString()!, l.GetProperty("channel").GetString()!, l.GetProperty("sent").GetInt64(), l.GetProperty("delivered").GetInt64(),
             l.GetProperty("failed").GetInt64(), l.GetProperty("paidWithin7Days").GetInt64()));
        await RecoveryApp.EventuallyAsync(async () =>
            Funnel(await (await auditor.GetAsync("/api/v1/reports/dunning-funnel")).JsonAsync()).SequenceEqual(expected), "the funnel to count every message");
        var filtered = await (await auditor.GetAsync($"/api/v1/reports/dunning-funnel?partnerId={dunning.PartnerId}&from={today:yyyy-MM-dd}&to={today:yyyy-MM-dd}")).JsonAsync();
        Assert.That(Funnel(filtered), Is.EqualTo(expected));
        var elsewhere = await (await auditor.GetAsync($"/api/v1/reports/dunning-funnel?partnerId={Guid.NewGuid()}")).JsonAsync();
        Assert.That(elsewhere.GetProperty("steps").GetArrayLength(), Is.Zero);
        var productivity = await (await auditor.GetAsync("/api/v1/reports/productivity")).JsonAsync();
        var contacts = productivity.GetProperty("agents").EnumerateArray().Single();
        Assert.That(contacts.GetProperty("agent").GetString(), Is.EqualTo(dunning.App.EmailOf(agent)));
        Assert.That(contacts.GetProperty("contacts").GetInt64(), Is.EqualTo(1), "the letter the agent posted");
    }

    [Test]
    public async Task Templates_must_name_the_creditor_and_may_not_threaten_and_schedules_check_their_templates()
    {
        await using var dunning = new Dunning();
        await dunning.StartAsync();
        var supervisor = await dunning.App.PersonAsync("supervisor");
        var anonymous = await (await supervisor.PutAsJsonAsync("/api/v1/communication/templates/sem-credor", new { channel = "sms", body = "Pague {{valor}} hoje." }))
            .AssertProblemAsync(HttpStatusCode.BadRequest);
        Assert.That(anonymous.ErrorsFor("body")[0], Does.Contain("42-A"));
        var threat = await (await supervisor.PutAsJsonAsync("/api/v1/communication/templates/ameaca",
            new { channel = "sms", body = "{{credor}} {{cnpj_credor}}: pague ou chamaremos a polícia." })).AssertProblemAsync(HttpStatusCode.BadRequest);
        Assert.That(threat.ErrorsFor("body")[0], Does.Contain("polícia"));
        var unknown = await (await supervisor.PutAsJsonAsync("/api/v1/communication/templates/x",
            new { channel = "email", body = "{{credor}} {{cnpj_credor}} {{saldo}}" })).AssertProblemAsync(HttpStatusCode.BadRequest);
        Assert.That(unknown.ErrorsFor("subject"), Is.Not.Empty);
        Assert.That(unknown.ErrorsFor("body")[0], Does.Contain("saldo"));
        var agent = await dunning.App.PersonAsync("agent");
        await (await agent.PutAsJsonAsync("/api/v1/communication/templates/x", new { channel = "sms", body = "{{credor}} {{cnpj_credor}}" }))
            .AssertProblemAsync(HttpStatusCode.Forbidden);

        await dunning.TemplateAsync(supervisor, "sms-ok", "sms", "{{credor}} ({{cnpj_credor}}): {{nome}}, fale conosco.");
        await dunning.DebtAsync(dunning.App.Today);
        var portfolio = await dunning.PortfolioIdAsync();
        var wrong = await (await supervisor.PutAsJsonAsync($"/api/v1/portfolios/{portfolio}/schedule", new
        {
            steps = new object[] { new { key = "D+1", offsetDays = 1, channel = "email", template = "sms-ok" }, new { key = "D+1", offsetDays = 99999, channel = "fax", template = "" } },
        })).AssertProblemAsync(HttpStatusCode.BadRequest);
        Assert.That(wrong.ErrorsFor("steps[1].offsetDays"), Is.Not.Empty);
        Assert.That(wrong.ErrorsFor("steps[1].channel"), Is.Not.Empty);
        Assert.That(wrong.ErrorsFor("steps"), Is.Not.Empty, "duplicate keys");
        var mismatch = await (await supervisor.PutAsJsonAsync($"/api/v1/portfolios/{portfolio}/schedule", new
        {
            steps = new object[] { new { key = "D+1", offsetDays = 1, channel = "email", template = "sms-ok" } },
        })).AssertProblemAsync(HttpStatusCode.BadRequest);
        Assert.That(mismatch.ErrorsFor("steps[0].template"), Is.Not.Empty);
        var current = await (await supervisor.GetAsync($"/api/v1/portfolios/{portfolio}/schedule")).JsonAsync();
        Assert.That(current.GetProperty("version").GetInt32(), Is.Zero, "nothing saved");
    }

    private static async Task<JsonElement> StartRunAsync(HttpClient supervisor)
    {
        var started = await supervisor.PostAsync("/api/v1/communication/runs", null);
        Assert.That(started.StatusCode, Is.EqualTo(HttpStatusCode.Accepted), await started.Content.ReadAsStringAsync());
        var id = (await started.JsonAsync()).GetProperty("id").GetGuid();
        JsonElement run = default;
        await RecoveryApp.EventuallyAsync(async () =>
        {
            run = await (await supervisor.GetAsync($"/api/v1/communication/runs/{id}")).JsonAsync();
            return run.GetProperty("status").GetString() != "running";
        }, "the run to finish");
        Assert.That(run.GetProperty("status").GetString(), Is.EqualTo("completed"), run.ToString());
        return run;
    }
}
