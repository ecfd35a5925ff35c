namespace Recovery.Negotiation.Tests;

/// <summary>
/// Pix Automático end to end: the real host against <see cref="FakePsp"/> on loopback, which checks every request
/// against the Pix API's schemas. An agreement asked with the debtor's account gets a recurrence and an authorisation
/// request from the job; authorised, a recurring charge per installment its lead days before the due date, paid once by
/// the /webhookcobr notification; refused, every installment by cobv copia e cola; cancelled, the recurrence cancelled at
/// the PSP with its pending charges; a charge whose attempts keep failing is tried again as the policy allows, then the
/// installment falls back to copia e cola.
/// </summary>
public sealed class PixAutomaticTests
{
    private const string WebhookToken = "psp-webhook-token";
    private RecoveryApp _app = null!;
    private FakePsp _psp = null!;
    private HttpClient _partner = null!;
    private HttpClient _agent = null!;
    private HttpClient _webhook = null!;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        _psp = await FakePsp.StartAsync();
        _app = new RecoveryApp(new()
        {
            ["Negotiation:Pix:Psp:BaseUrl"] = _psp.BaseUrl,
            ["Negotiation:Pix:Psp:TokenUrl"] = _psp.TokenUrl,
            ["Negotiation:Pix:Psp:ClientId"] = FakePsp.ClientId,
            ["Negotiation:Pix:Psp:ClientSecret"] = FakePsp.ClientSecret,
            ["Negotiation:Pix:Psp:Key"] = "cobranca@credor.com.br",
            ["Negotiation:Pix:Psp:RetryDelay"] = "00:00:00.050",
            ["Negotiation:Pix:Psp:Automatic:Enabled"] = "true",
            ["Negotiation:Pix:Psp:Automatic:Branch"] = "9708",
            ["Negotiation:Pix:Psp:Automatic:Account"] = "012682",
            ["Negotiation:Pix:Psp:Automatic:PollInterval"] = "00:00:00.200",
            ["Negotiation:Pix:WebhookToken"] = WebhookToken,
            ["Negotiation:Pix:Interval"] = "00:00:00.200",
            ["Messaging:UnscheduledJobs:0"] = "pix-reconciliation",
        });
        _psp.Today = () => _app.Today;
        _psp.Now = () => _app.Clock.GetUtcNow();
        (_partner, _, _) = await _app.PartnerAsync();
        _webhook = _app.Anonymous();
        _webhook.DefaultRequestHeaders.Add("X-Provider-Token", WebhookToken);
    }

    [SetUp] public async Task SignInAsync() => _agent = await _app.PersonAsync("agent");

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        await _app.DisposeAsync();
        await _psp.DisposeAsync();
    }

    /// <summary>1,086.67: 100.00 down today, 493.34 in five days and 493.33 a month later, by Pix Automático from the debtor's account.</summary>
    private async Task<(Guid Id, string Document, string IdRec)> AgreementAsync(bool requested = true)
    {
        var document = TestData.Cpf();
        var today = _app.Today;
        var (invoiceId, debtorId, _) = await _partner.DebtAsync(document, 1000.00m, today.AddDays(-200).ToString("yyyy-MM-dd"), index: "NONE", income: 10_000m);
        // The simulator offers Pix Automático on this portfolio for two installments or more, never for one.
        foreach (var (installments, offered) in new[] { (2, true), (1, false) })
        {
            var simulated = await (await _agent.PostAsJsonAsync("/api/v1/negotiations/simulate", new
            {
                debtorId, invoiceIds = new[] { invoiceId }, downPayment = 100.00m, installments,
                firstDueDate = today.AddDays(5).ToString("yyyy-MM-dd"), discountPercent = 0m,
            })).JsonAsync();
            Assert.That(simulated.GetProperty("automaticPixOffered").GetBoolean(), Is.EqualTo(offered), $"{installments} installments");
        }
        var created = await _agent.PostAsJsonAsync("/api/v1/agreements", new
        {
            debtorId, invoiceIds = new[] { invoiceId }, downPayment = 100.00m, installments = 2,
            firstDueDate = today.AddDays(5).ToString("yyyy-MM-dd"), discountPercent = 0m,
            automaticPix = new { ispb = "91193552", branch = "2569", account = "550689" },
        });
        Assert.That(created.StatusCode, Is.EqualTo(HttpStatusCode.Created), await created.Content.ReadAsStringAsync());
        var id = (await created.JsonAsync()).GetProperty("id").GetGuid();
        string? idRec = null;
        await RecoveryApp.EventuallyAsync(() =>
        {
            idRec = _psp.Recs.Values.Where(r => FakePsp.Text(r["vinculo"]!["contrato"]) == id.ToString("N")).Select(r => FakePsp.Text(r["idRec"])).FirstOrDefault();
            return Task.FromResult(idRec is not null && (!requested || _psp.SolicRecs.Values.Any(s => FakePsp.Text(s["idRec"]) == idRec)));
        }, "the recurrence and its authorisation request at the PSP");
        return (id, document, idRec!);
    }

    private async Task<JsonElement> GetAsync(Guid id) => await (await _agent.GetAsync($"/api/v1/agreements/{id}")).JsonAsync();

    private static string? Kind(JsonElement installment) =>
        installment.GetProperty("pix") is { ValueKind: JsonValueKind.Object } pix ? pix.GetProperty("kind").GetString() : null;

    private async Task<JsonElement> EventuallyAsync(Guid id, Func<JsonElement, bool> condition, string what)
    {
        var agreement = default(JsonElement);
        await RecoveryApp.EventuallyAsync(async () => condition(agreement = await GetAsync(id)), what);
        return agreement;
    }

    private static JsonElement Installment(JsonElement agreement, int number) => agreement.GetProperty("installments")[number];

    private Task<HttpResponseMessage> NotifyAsync(string path, JsonObject body) => _webhook.PostAsJsonAsync($"/api/v1/providers/pix/webhook/{path}", body);

    [Test]
    public async Task Authorised_recurrence_charges_each_installment_before_its_due_date_and_its_pix_pays_once()
    {
        var (id, document, idRec) = await AgreementAsync();
        var today = _app.Today;
        var rec = _psp.Recs[idRec];
        Assert.That(rec["vinculo"]!["devedor"]!["cpf"]!.GetValue<string>(), Is.EqualTo(document));
        Assert.That(rec["calendario"]!.ToJsonString(), Is.EqualTo(
            $$"""{"dataInicial":"{{today.AddDays(5):yyyy-MM-dd}}","dataFinal":"{{today.AddDays(5).AddMonths(1):yyyy-MM-dd}}","periodicidade":"MENSAL"}"""));
        Assert.That(rec["valor"]!.ToJsonString(), Is.EqualTo("""{"valorMinimoRecebedor":"493.34"}"""), "unequal installments: the floor of the payer's limit");
        Assert.That(rec["politicaRetentativa"]!.GetValue<string>(), Is.EqualTo("PERMITE_3R_7D"));
        var request = _psp.SolicRecs.Values.Single(s => FakePsp.Text(s["idRec"]) == idRec);
        Assert.That(request["destinatario"]!.ToJsonString(), Is.EqualTo($$"""{"conta":"550689","ispbParticipante":"91193552","agencia":"2569","cpf":"{{document}}"}"""));

        // Waiting: the down payment by cobv, the installments waiting for the debtor's answer.
        var agreement = await EventuallyAsync(id, a => Kind(Installment(a, 0)) == "cobv", "the down payment's cobv");
        Assert.That(agreement.GetProperty("automaticPix").GetProperty("status").GetString(), Is.EqualTo("awaiting_authorisation"));
        Assert.That(Kind(Installment(agreement, 1)), Is.Null);

        // The debtor authorises; the PSP says so on /webhookrec (with the shared token only).
        var approval = _psp.Answer(idRec, "APROVADA");
        await (await _app.Anonymous().PostAsJsonAsync("/api/v1/providers/pix/webhook/rec", approval)).AssertProblemAsync(HttpStatusCode.Unauthorized);
        var answered = await (await NotifyAsync("rec", approval)).JsonAsync();
        Assert.That((answered.GetProperty("received").GetInt32(), answered.GetProperty("unknown").GetInt32()), Is.EqualTo((1, 0)));
        var first = $"A{id:N}01";
        await RecoveryApp.EventuallyAsync(() => Task.FromResult(_psp.Cobrs.ContainsKey(first)), "the first installment's recurring charge");
        agreement = await GetAsync(id);
        Assert.That(agreement.GetProperty("automaticPix").GetProperty("status").GetString(), Is.EqualTo("authorised"));
        Assert.That(Installment(agreement, 1).GetProperty("pix").GetProperty("kind").GetString(), Is.EqualTo("automatic"));
        Assert.That(Installment(agreement, 1).GetProperty("pix").GetProperty("recurrence").GetString(), Is.EqualTo("authorised"));
        Assert.That(Installment(agreement, 1).GetProperty("pixPayload").ValueKind, Is.EqualTo(JsonValueKind.Null), "debited, nothing to copy");
        var cobr = _psp.Cobrs[first];
        Assert.That(cobr["idRec"]!.GetValue<string>(), Is.EqualTo(idRec));
        Assert.That(cobr["calendario"]!["dataDeVencimento"]!.GetValue<string>(), Is.EqualTo(today.AddDays(5).ToString("yyyy-MM-dd")));
        Assert.That(cobr["valor"]!["original"]!.GetValue<string>(), Is.EqualTo("493.34"));
        Assert.That(cobr["ajusteDiaUtil"]!.GetValue<bool>(), Is.True);
        Assert.That(cobr["recebedor"]!.ToJsonString(), Is.EqualTo("""{"agencia":"9708","conta":"012682","tipoConta":"CORRENTE"}"""));
        Assert.That(_psp.Cobrs.ContainsKey($"A{id:N}02"), Is.False, "the second is sent only its lead days before it falls due");

        // The down payment by its cobv; then the payer's PSP settles the recurring charge: /webhookcobr brings its Pix, which counts once.
        (await _webhook.PostAsJsonAsync("/api/v1/providers/pix/webhook", new JsonObject
        {
            ["pix"] = new JsonArray(FakePsp.Pix(FakePsp.EndToEndId(), $"R{id:N}00", 100.00m, _app.Clock.GetUtcNow())),
        })).EnsureSuccessStatusCode();
        var paid = _psp.Attempt(first, paid: true, _app.Clock.GetUtcNow());
        var once = await (await NotifyAsync("cobr", paid)).JsonAsync();
        Assert.That(once.GetProperty("matched").GetInt32(), Is.EqualTo(1));
        var again = await (await NotifyAsync("cobr", paid)).JsonAsync();
        Assert.That(again.GetProperty("duplicates").GetInt32(), Is.EqualTo(1));
        agreement = await GetAsync(id);
        Assert.That(agreement.Money("paid"), Is.EqualTo(593.34m), "the down payment and the first installment, once");
        Assert.That(Installment(agreement, 1).GetProperty("status").GetString(), Is.EqualTo("paid"));

        // A month on, the second installment's charge goes its lead days (8) before its due date.
        _app.Clock.Advance(TimeSpan.FromDays(28));
        await RecoveryApp.EventuallyAsync(() => Task.FromResult(_psp.Cobrs.ContainsKey($"A{id:N}02")), "the second installment's recurring charge");
        Assert.That(_psp.Cobrs[$"A{id:N}02"]["valor"]!["original"]!.GetValue<string>(), Is.EqualTo("493.33"));
        Assert.That(_psp.Violations, Is.Empty);
    }

    [Test]
    public async Task A_refused_authorisation_found_by_polling_leaves_every_installment_to_pix_copia_e_cola()
    {
        var (id, _, idRec) = await AgreementAsync();
        _psp.Answer(idRec, "REJEITADA");   // no notification: the job's GET /rec finds it
        var agreement = await EventuallyAsync(id, a => a.GetProperty("installments").EnumerateArray().All(i => Kind(i) == "cobv"),
            "every installment to show its cobv");
        Assert.That(agreement.GetProperty("automaticPix").GetProperty("status").GetString(), Is.EqualTo("refused"));
        Assert.That(agreement.GetProperty("automaticPix").GetProperty("pspStatus").GetString(), Is.EqualTo("REJEITADA"));
        var second = Installment(agreement, 2);
        Assert.That(second.GetProperty("pixPayload").GetString(), Is.EqualTo(_psp.Charges[$"R{id:N}02"]["pixCopiaECola"]!.GetValue<string>()));
        Assert.That(_psp.Cobrs.Keys.Where(k => k.Contains($"{id:N}", StringComparison.Ordinal)), Is.Empty);
        Assert.That(_psp.CallsFor(idRec).Count(c => c.Method == "GET"), Is.GreaterThanOrEqualTo(1));
        Assert.That(_psp.Violations, Is.Empty);
    }

    [Test]
    public async Task A_cancelled_agreement_cancels_its_recurrence_and_pending_charges_at_the_psp()
    {
        var (id, _, idRec) = await AgreementAsync();
        (await NotifyAsync("rec", _psp.Answer(idRec, "APROVADA"))).EnsureSuccessStatusCode();
        var first = $"A{id:N}01";
        await RecoveryApp.EventuallyAsync(() => Task.FromResult(_psp.Cobrs.ContainsKey(first)), "the first recurring charge");

        var supervisor = await _app.PersonAsync("supervisor");
        (await supervisor.PostAsJsonAsync($"/api/v1/agreements/{id}/cancel", new { reason = "desistência do devedor" })).EnsureSuccessStatusCode();
        await RecoveryApp.EventuallyAsync(() => Task.FromResult(
            FakePsp.Text(_psp.Recs[idRec]["status"]) == "CANCELADA" && FakePsp.Text(_psp.Cobrs[first]["status"]) == "CANCELADA"),
            "the recurrence and its charge cancelled");
        var agreement = await EventuallyAsync(id, a => a.GetProperty("automaticPix").GetProperty("status").GetString() == "cancelled", "the recurrence shown cancelled");
        Assert.That(agreement.GetProperty("status").GetString(), Is.EqualTo("cancelled"));
        Assert.That(_psp.Cobrs.ContainsKey($"A{id:N}02"), Is.False, "the charge not yet sent is never sent");
        Assert.That(_psp.CallsFor(idRec).Count(c => c is { Method: "PATCH", Status: 200 }), Is.EqualTo(1));
        Assert.That(_psp.Violations, Is.Empty);
    }

    [Test]
    public async Task A_charge_failing_is_tried_again_three_times_then_the_installment_goes_by_copia_e_cola()
    {
        var (id, _, idRec) = await AgreementAsync();
        (await NotifyAsync("rec", _psp.Answer(idRec, "APROVADA"))).EnsureSuccessStatusCode();
        var first = $"A{id:N}01";
        await RecoveryApp.EventuallyAsync(() => Task.FromResult(_psp.Cobrs.ContainsKey(first)), "the first recurring charge");
        _app.Clock.Advance(TimeSpan.FromDays(5));   // its due date: the payer's PSP tries to settle it
        _agent = await _app.PersonAsync("agent");   // a session of five days ago is over

        for (var failure = 1; failure <= 4; failure++)
        {
            var response = await NotifyAsync("cobr", _psp.Attempt(first, paid: false, _app.Clock.GetUtcNow()));
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), await response.Content.ReadAsStringAsync());
            var refused = await response.JsonAsync();
            Assert.That(refused.GetProperty("unknown").GetInt32(), Is.EqualTo(0));
            var retries = Math.Min(failure, 3);
            await RecoveryApp.EventuallyAsync(() => Task.FromResult(_psp.CallsFor(first).Count(c => c is { Method: "RETRY", Status: 201 }) == retries),
                $"new attempt {retries} asked");
        }
        var agreement = await EventuallyAsync(id, a => Kind(Installment(a, 1)) == "cobv", "the installment to fall back to its cobv");
        Assert.That(_psp.CallsFor(first).Count(c => c.Method == "RETRY"), Is.EqualTo(3), "the policy's three new attempts, no more");
        var cobv = _psp.Charges[$"R{id:N}01"];
        Assert.That(Installment(agreement, 1).GetProperty("pixPayload").GetString(), Is.EqualTo(cobv["pixCopiaECola"]!.GetValue<string>()));
        Assert.That(cobv["calendario"]!["dataDeVencimento"]!.GetValue<string>(), Is.EqualTo(_app.Today.ToString("yyyy-MM-dd")), "due today: never before its creation");
        Assert.That(Kind(Installment(agreement, 2)), Is.EqualTo("automatic"), "the recurrence goes on for the next installment");
        var failed = await _app.WithConnectionAsync("negotiation", c => Dapper.SqlMapper.ExecuteScalarAsync<long>(c,
            "SELECT failed_attempts FROM pix_recurring_charge WHERE txid = @Txid", new { Txid = first }));
        Assert.That(failed, Is.EqualTo(4), "every failed attempt recorded");
        Assert.That(_psp.Violations, Is.Empty);
    }

    [Test]
    public async Task Lost_answers_to_the_recurrence_and_its_request_are_found_at_the_psp_not_sent_again()
    {
        _psp.LostRecAnswers = 1;
        _psp.LostSolicRecAnswers = 1;
        var (id, _, idRec) = await AgreementAsync(requested: false);
        // The job heard a 504; on its next attempt it finds the recurrence by its contract and asks the debtor (another 504).
        _app.Clock.Advance(TimeSpan.FromMinutes(3));
        await RecoveryApp.EventuallyAsync(() => Task.FromResult(_psp.SolicRecs.Values.Any(s => FakePsp.Text(s["idRec"]) == idRec)), "the request sent");
        // Asked again, the PSP refuses a second live request: the job learns that the first arrived.
        _app.Clock.Advance(TimeSpan.FromMinutes(3));
        await RecoveryApp.EventuallyAsync(() => Task.FromResult(_psp.Calls.Any(c => c is ("POST", "solicrec", 400))), "the request found live");
        await RecoveryApp.EventuallyAsync(() => Task.FromResult(_psp.CallsFor(idRec).Any(c => c.Method == "GET")), "the job waits for the debtor's answer");

        Assert.That(_psp.Recs.Values.Count(r => FakePsp.Text(r["vinculo"]!["contrato"]) == id.ToString("N")), Is.EqualTo(1), "one recurrence per agreement");
        Assert.That(_psp.SolicRecs.Values.Count(s => FakePsp.Text(s["idRec"]) == idRec), Is.EqualTo(1), "one authorisation request");
        Assert.That(_psp.Calls.Any(c => c is ("GET", "rec", 200)), Is.True, "the recurrence was looked up by the payer's document");
        _psp.Answer(idRec, "APROVADA");
        var agreement = await EventuallyAsync(id, a => a.GetProperty("automaticPix").GetProperty("status").GetString() == "authorised", "authorised by polling");
        Assert.That(agreement.GetProperty("automaticPix").GetProperty("idRec").GetString(), Is.EqualTo(idRec));
        Assert.That(_psp.Violations, Is.Empty);
    }
}
