using System.Net.Sockets;
using System.Text.RegularExpressions;
using Dapper;

namespace Recovery.Api.Tests.Portal;

/// <summary>
/// What the debtor asks of the people behind the portal (ADR 0025): a call back at a lawful moment, which joins the agents'
/// callbacks, and the data-subject report e-mailed to the contact on file; both in the timeline, the audit trail (actor
/// kind debtor) and, for the callback, the partner's webhook. And a sign-in code that a crash before its send does not lose.
/// </summary>
public sealed class PortalRequestsTests
{
    /// <summary>Moves the test clock to the next Tuesday (not a holiday, nor the day after) at 14:00 UTC: 11:00 in São Paulo.</summary>
    internal static void MoveToTuesdayMorning(RecoveryApp app)
    {
        var date = DateOnly.FromDateTime(app.Clock.GetUtcNow().UtcDateTime).AddDays(2);
        while (date.DayOfWeek != DayOfWeek.Tuesday || Recovery.BuildingBlocks.Holidays.Name(date) is not null
               || Recovery.BuildingBlocks.Holidays.Name(date.AddDays(1)) is not null) date = date.AddDays(1);
        app.Clock.Advance(new DateTimeOffset(date.ToDateTime(new TimeOnly(14, 0)), TimeSpan.Zero) - app.Clock.GetUtcNow());
    }

    [Test]
    public async Task A_callback_at_a_lawful_time_joins_the_agents_queue_and_one_outside_the_law_is_refused()
    {
        await using var host = await new PortalHost().StartAsync();
        MoveToTuesdayMorning(host.App);
        var document = TestData.Cpf();
        const string email = "maria.retorno@example.com";
        var (invoiceId, debtorId) = await host.DebtAsync(document, email, 900m, 45);
        await host.App.WithConnectionAsync("communication", c => c.ExecuteAsync(
            "INSERT INTO communication.webhook (partner_id, url, events, secret, updated_at) VALUES (@PartnerId, 'http://127.0.0.1:9/hook', '[\"callback.requested\"]', 'whsec_test', @Now)",
            new { host.PartnerId, Now = host.App.Clock.GetUtcNow() }));
        var agent = await host.App.PersonAsync("agent");
        var agentId = (await (await agent.GetAsync("/api/v1/auth/me")).JsonAsync()).GetProperty("id").GetGuid();
        var supervisor = await host.App.PersonAsync("supervisor");
        (await supervisor.PostAsJsonAsync("/api/v1/debtors/assignments", new { agentId, invoiceIds = new[] { invoiceId } })).EnsureSuccessStatusCode();
        var debtor = await host.SignInAsync(document, email);

        // 22:00 in São Paulo tonight: refused, naming the next lawful moment (08:00 tomorrow), in Portuguese.
        var now = host.App.Clock.GetUtcNow();
        var tonight = new DateTimeOffset(now.UtcDateTime.Date.AddHours(25), TimeSpan.Zero);
        var refused = await (await debtor.PostAsJsonAsync("/api/v1/portal/callbacks", new { callbackAt = tonight }))
            .AssertProblemAsync(HttpStatusCode.BadRequest);
        var tomorrow = DateOnly.FromDateTime(now.ToOffset(TimeSpan.FromHours(-3)).DateTime).AddDays(1).ToString("dd/MM/yyyy");
        Assert.That(refused.ErrorsFor("callbackAt").Single(), Does.Contain($"o próximo horário permitido é {tomorrow} às 08:00"));
        await (await debtor.PostAsJsonAsync("/api/v1/portal/callbacks", new { callbackAt = now.AddDays(-1) })).AssertProblemAsync(HttpStatusCode.BadRequest);
        await (await debtor.PostAsJsonAsync("/api/v1/portal/callbacks", new { })).AssertProblemAsync(HttpStatusCode.BadRequest);

        // Tomorrow at 10:00 in São Paulo: lawful.
        var at = new DateTimeOffset(now.UtcDateTime.Date.AddDays(1).AddHours(13), TimeSpan.Zero);
        var created = await debtor.PostAsJsonAsync("/api/v1/portal/callbacks", new { callbackAt = at, note = "Depois das 10h, por favor" });
        Assert.That(created.StatusCode, Is.EqualTo(HttpStatusCode.Created), await created.Content.ReadAsStringAsync());
        var callback = await created.JsonAsync();
        Assert.That(callback.GetProperty("callbackAt").GetDateTimeOffset(), Is.EqualTo(at));
        Assert.That(callback.GetProperty("phone").GetString(), Does.EndWith("4321").And.StartWith("*"));

        // Until it is due the debtor is out of the agent's queue; from then on first, as a callback due.
        async Task<JsonElement[]> QueueAsync() => (await (await agent.GetAsync("/api/v1/work-queue")).JsonAsync()).GetProperty("items").EnumerateArray().ToArray();
        await RecoveryApp.EventuallyAsync(async () => (await QueueAsync()).All(i => i.GetProperty("debtorId").GetGuid() != debtorId), "out of the queue until due");
        host.App.Clock.Advance(at - host.App.Clock.GetUtcNow() + TimeSpan.FromMinutes(1));
        agent = await host.App.AgainAsync(agent);   // a day later: the agent signs in again
        var first = (await QueueAsync()).First();
        Assert.That(first.GetProperty("debtorId").GetGuid(), Is.EqualTo(debtorId));
        Assert.That(first.GetProperty("reasonCode").GetString(), Is.EqualTo("callback_due"));
        Assert.That(first.GetProperty("callbackAt").GetDateTimeOffset(), Is.EqualTo(at));

        var timeline = (await (await agent.GetAsync($"/api/v1/debtors/{debtorId}/timeline")).JsonAsync()).GetProperty("items").EnumerateArray();
        Assert.That(timeline.Any(e => e.GetProperty("channel").GetString() == "portal" && e.GetProperty("result").GetString() == "call_back"
                                      && e.GetProperty("text").GetString()!.Contains("Retorno pedido pelo devedor no portal")), Is.True);
        var admin = await host.App.AdminAsync();
        var audit = (await (await admin.GetAsync($"/api/v1/audit?resource={debtorId}")).JsonAsync()).GetProperty("items").EnumerateArray().ToList();
        Assert.That(audit.Any(e => e.GetProperty("action").GetString() == "RequestCallback" && e.GetProperty("actorKind").GetString() == "debtor"
                                   && e.GetProperty("outcome").GetString() == "succeeded"), Is.True);
        await RecoveryApp.EventuallyAsync(async () => (await host.App.WithConnectionAsync("communication", c => c.QuerySingleOrDefaultAsync<string>(
            "SELECT payload FROM communication.webhook_delivery WHERE partner_id = @PartnerId AND event = 'callback.requested'", new { host.PartnerId })))
            is { } payload && payload.Contains(debtorId.ToString()) && payload.Contains("\"actorKind\":\"debtor\""), "the partner's callback.requested webhook");
    }

    [Test]
    public async Task The_data_subject_report_is_emailed_as_a_pdf_to_the_contact_on_file()
    {
        await using var host = await new PortalHost().StartAsync();
        var document = TestData.Cpf();
        const string email = "maria.lgpd@example.com";
        var (_, debtorId) = await host.DebtAsync(document, email, 400m, 30);
        var debtor = await host.SignInAsync(document, email);

        var accepted = await debtor.PostAsync("/api/v1/portal/data-subject-requests", null);
        Assert.That(accepted.StatusCode, Is.EqualTo(HttpStatusCode.Accepted), await accepted.Content.ReadAsStringAsync());
        Assert.That((await accepted.JsonAsync()).GetProperty("sentTo").GetString(), Is.EqualTo("m***@example.com"));

        Recovery.Testing.SmtpSink.Mail? report = null;
        await RecoveryApp.EventuallyAsync(() =>
        {
            report = host.Smtp.Received.FirstOrDefault(m => m.To.Contains(email) && m.Data.Contains("application/pdf"));
            return Task.FromResult(report is not null);
        }, "the report e-mailed");
        Assert.That(report!.Data, Does.Contain("relatorio-de-dados-pessoais-"));
        var pdf = Regex.Match(report.Data, @"Content-Type: application/pdf[\s\S]*?\r?\n\r?\n([A-Za-z0-9+/=\r\n]+)");
        var bytes = Convert.FromBase64String(pdf.Groups[1].Value.Replace("\r", "").Replace("\n", ""));
        Assert.That(System.Text.Encoding.ASCII.GetString(bytes, 0, 5), Is.EqualTo("%PDF-"));
        Assert.That(PdfText.Read(bytes).All, Does.Contain(Recovery.BuildingBlocks.Documents.Format(document)), "the report of this debtor");

        // Three a day: the fourth is refused, in Portuguese, until the day is over.
        for (var i = 0; i < 2; i++) Assert.That((await debtor.PostAsync("/api/v1/portal/data-subject-requests", null)).StatusCode, Is.EqualTo(HttpStatusCode.Accepted));
        var fourth = await debtor.PostAsync("/api/v1/portal/data-subject-requests", null);
        var limited = await fourth.AssertProblemAsync(HttpStatusCode.TooManyRequests);
        Assert.That(limited.GetProperty("detail").GetString(), Does.Contain("Tente de novo"));
        Assert.That(fourth.Headers.RetryAfter?.Delta, Is.GreaterThan(TimeSpan.FromHours(23)));

        // Once sent, the attachment is not kept in the queue.
        await RecoveryApp.EventuallyAsync(async () => await host.App.WithConnectionAsync("communication", c => c.ExecuteScalarAsync<int>(
            "SELECT COUNT(*) FROM communication.requested_message WHERE debtor_id = @DebtorId AND kind = 'data_subject_report' AND status = 'sent' AND attachment IS NULL",
            new { DebtorId = debtorId })) == 3, "the sent reports cleared");
        var admin = await host.App.AdminAsync();
        var timeline = (await (await admin.GetAsync($"/api/v1/debtors/{debtorId}/timeline")).JsonAsync()).GetProperty("items").EnumerateArray();
        Assert.That(timeline.Any(e => e.GetProperty("kind").GetString() == "data_subject_report" && e.GetProperty("channel").GetString() == "portal"), Is.True);
        var audit = (await (await admin.GetAsync($"/api/v1/audit?resource={debtorId}")).JsonAsync()).GetProperty("items").EnumerateArray().ToList();
        Assert.That(audit.Where(e => e.GetProperty("actorKind").GetString() == "debtor").Select(e => e.GetProperty("action").GetString()),
            Is.SupersetOf(new[] { "SendDataSubjectReport", "DataSubjectReport" }));
    }

    /// <summary>
    /// The mail server is down when the code is asked for and the process stops before it comes back: the code, written
    /// to the queue before the 202, goes once the server is up in a new process, and signs in.
    /// </summary>
    [Test]
    public async Task An_accepted_code_request_survives_a_crash_before_the_send()
    {
        var closed = new TcpListener(System.Net.IPAddress.Loopback, 0);
        closed.Start();
        var deadPort = ((System.Net.IPEndPoint)closed.LocalEndpoint).Port;
        closed.Stop();
        await using var host = await new PortalHost(new() { ["Communication:Smtp:Port"] = deadPort.ToString() }).StartAsync();
        var document = TestData.Cpf();
        const string email = "maria.duravel@example.com";
        await host.DebtAsync(document, email, 300m, 20);
        var browser = host.Browser();
        var response = await browser.PostAsJsonAsync("/api/v1/portal/access-codes", new { document });
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Accepted));
        Assert.That((await response.JsonAsync()).GetProperty("message").GetString(), Is.EqualTo(
            "Se o CPF ou CNPJ informado tiver débitos conosco, enviamos um código de acesso para um contato cadastrado. O código vale por 10 minutos."));
        await RecoveryApp.EventuallyAsync(async () => await host.App.WithConnectionAsync("communication", c => c.ExecuteScalarAsync<int>(
            "SELECT COUNT(*) FROM communication.requested_message WHERE kind = 'access_code' AND status = 'queued' AND attempts >= 1 AND reason IS NOT NULL")) == 1,
            "a failed attempt");
        Assert.That(host.Smtp.Received, Is.Empty);

        await host.App.RestartAsync(new() { ["Communication:Smtp:Port"] = host.Smtp.Port.ToString() });
        host.App.Clock.Advance(TimeSpan.FromMinutes(2) + TimeSpan.FromSeconds(5));   // past the retry and any claim of the stopped process
        _ = host.App.Services;   // the new process starts (and with it the sender)
        var code = await host.CodeSentToAsync(email);
        var signedIn = await host.Browser().PostAsJsonAsync("/api/v1/portal/sessions", new { document, code });
        Assert.That(signedIn.StatusCode, Is.EqualTo(HttpStatusCode.OK), await signedIn.Content.ReadAsStringAsync());
        Assert.That(await host.App.WithConnectionAsync("communication", c => c.ExecuteScalarAsync<int>(
            "SELECT COUNT(*) FROM communication.requested_message WHERE kind = 'access_code' AND status = 'sent' AND body IS NULL AND subject IS NULL")), Is.EqualTo(1),
            "the code's text is not kept once sent");
    }

    /// <summary>The platform's rate limiter answers the portal in Portuguese, with Retry-After, as an RFC 9457 problem.</summary>
    [Test]
    public async Task The_rate_limit_on_portal_paths_answers_in_portuguese()
    {
        await using var host = new PortalHost(new()
        {
            ["Security:RateLimits:AnonymousPermitsPerSecond"] = "1", ["Security:RateLimits:AnonymousBurst"] = "2",
        });
        var browser = host.Browser();
        var responses = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => browser.GetAsync("/api/v1/portal/me")));
        var limited = responses.FirstOrDefault(r => (int)r.StatusCode == 429);
        Assert.That(limited, Is.Not.Null, "some were over the limit");
        Assert.That(limited!.Headers.RetryAfter?.Delta, Is.GreaterThanOrEqualTo(TimeSpan.FromSeconds(1)));
        Assert.That(limited.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/problem+json"));
        var problem = JsonDocument.Parse(await limited.Content.ReadAsStringAsync()).RootElement;
        Assert.That(problem.GetProperty("status").GetInt32(), Is.EqualTo(429));
        Assert.That(problem.GetProperty("type").GetString(), Does.EndWith("rate-limited"));
        Assert.That(problem.GetProperty("title").GetString(), Is.EqualTo("Muitas tentativas"));
        Assert.That(problem.GetProperty("detail").GetString(), Does.Contain("Tente de novo em"));
    }
}
