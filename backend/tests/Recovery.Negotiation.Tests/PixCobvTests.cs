using System.Text;

namespace Recovery.Negotiation.Tests;

/// <summary>
/// Pix through a PSP end to end: the real host against <see cref="FakePsp"/> on loopback. A cobv per installment of an
/// active agreement (through a 503 and Polly's retry, with one token for every call), its copia e cola on the agreement;
/// the webhook paying once per endToEndId; the reconciliation finding what the webhook missed and completing the
/// agreement; the report's numbers; removal at the PSP when an installment is paid another way and when the agreement is
/// cancelled.
/// </summary>
public sealed class PixCobvTests
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
            ["Negotiation:Pix:WebhookToken"] = WebhookToken,
            ["Negotiation:Pix:Interval"] = "00:00:00.200",
            ["Messaging:UnscheduledJobs:0"] = "pix-reconciliation",
        });
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

    /// <summary>1,000.00 200 days late, no discount: 1,086.67 = 100.00 down and 493.34 + 493.33 (the agent's own authority).</summary>
    private async Task<(Guid Id, string Document)> AgreementAsync()
    {
        var document = TestData.Cpf();
        var today = _app.Today;
        var (invoiceId, debtorId, _) = await _partner.DebtAsync(document, 1000.00m, today.AddDays(-200).ToString("yyyy-MM-dd"), index: "NONE", income: 10_000m);
        var created = await _agent.PostAsJsonAsync("/api/v1/agreements", new
        {
            debtorId, invoiceIds = new[] { invoiceId }, downPayment = 100.00m, installments = 2,
            firstDueDate = today.AddDays(30).ToString("yyyy-MM-dd"), discountPercent = 0m,
        });
        Assert.That(created.StatusCode, Is.EqualTo(HttpStatusCode.Created), await created.Content.ReadAsStringAsync());
        return ((await created.JsonAsync()).GetProperty("id").GetGuid(), document);
    }

    private async Task<JsonElement> GetAsync(Guid id) => await (await _agent.GetAsync($"/api/v1/agreements/{id}")).JsonAsync();

    private async Task<List<JsonElement>> CobvInstallmentsAsync(Guid id)
    {
        List<JsonElement> installments = [];
        await RecoveryApp.EventuallyAsync(async () =>
        {
            installments = (await GetAsync(id)).GetProperty("installments").EnumerateArray().ToList();
            return installments.All(i => i.TryGetProperty("pix", out var p) && p.ValueKind == JsonValueKind.Object && p.GetProperty("kind").GetString() == "cobv");
        }, "every installment to show its cobv");
        return installments;
    }

    private static string Txid(JsonElement installment) => installment.GetProperty("pix").GetProperty("txid").GetString()!;

    private Task<HttpResponseMessage> NotifyAsync(params JsonObject[] pix) =>
        _webhook.PostAsJsonAsync("/api/v1/providers/pix/webhook", new JsonObject { ["pix"] = new JsonArray(pix.Select(p => (JsonNode)p.DeepClone()).ToArray()) });

    [Test]
    public async Task Cobv_per_installment_paid_by_webhook_once_and_by_reconciliation_completes_the_agreement_and_the_report_adds_up()
    {
        _psp.UnavailablePuts = 1;
        var (id, document) = await AgreementAsync();
        var installments = await CobvInstallmentsAsync(id);
        var today = _app.Today;

        // The charges as the PSP received them: one 503 answered by a retry, one token for every call, nothing off the spec.
        Assert.That(_psp.Violations, Is.Empty);
        Assert.That(_psp.TokensIssued, Is.EqualTo(1));
        Assert.That(_psp.Calls.Count(c => c.Status == 503), Is.EqualTo(1));
        var txids = installments.Select(Txid).ToList();
        Assert.That(txids, Is.Unique);
        Assert.That(txids, Has.All.Matches("^[a-zA-Z0-9]{26,35}$"));
        foreach (var txid in txids) Assert.That(_psp.CallsFor(txid).Count(c => c is { Method: "PUT", Status: 201 }), Is.EqualTo(1));
        var down = _psp.Charges[txids[0]];
        Assert.That(down["valor"]!["original"]!.GetValue<string>(), Is.EqualTo("100.00"));
        Assert.That(_psp.Charges[txids[1]]["valor"]!["original"]!.GetValue<string>(), Is.EqualTo("493.34"));
        Assert.That(down["valor"]!["multa"]!.ToJsonString(), Is.EqualTo("""{"modalidade":2,"valorPerc":"2.00"}"""));
        Assert.That(down["valor"]!["juros"]!.ToJsonString(), Is.EqualTo("""{"modalidade":3,"valorPerc":"1.00"}"""));
        Assert.That(down["valor"]!["desconto"], Is.Null);
        Assert.That(down["calendario"]!["dataDeVencimento"]!.GetValue<string>(), Is.EqualTo(today.ToString("yyyy-MM-dd")));
        Assert.That(down["calendario"]!["validadeAposVencimento"]!.GetValue<int>(), Is.EqualTo(30));
        Assert.That(down["devedor"]!["cpf"]!.GetValue<string>(), Is.EqualTo(document));
        Assert.That(down["chave"]!.GetValue<string>(), Is.EqualTo("cobranca@credor.com.br"));
        Assert.That(installments[0].GetProperty("pixPayload").GetString(), Is.EqualTo(down["pixCopiaECola"]!.GetValue<string>()));
        Assert.That(installments[0].GetProperty("pix").GetProperty("location").GetString(), Is.EqualTo(down["location"]!.GetValue<string>()));

        // The webhook pays the down payment once; the same notification again changes nothing.
        var now = _app.Clock.GetUtcNow().AddMinutes(-5);
        var first = FakePsp.Pix(FakePsp.EndToEndId(), txids[0], 100.00m, now);
        await (await _app.Anonymous().PostAsJsonAsync("/api/v1/providers/pix/webhook", new { pix = new[] { first } })).AssertProblemAsync(HttpStatusCode.Unauthorized);
        var stranger = FakePsp.Pix(FakePsp.EndToEndId(), "NAOEXISTE0000000000000000000000", 12.34m, now);
        var once = await (await NotifyAsync(first, stranger)).JsonAsync();
        Assert.That((once.GetProperty("matched").GetInt32(), once.GetProperty("unmatched").GetInt32()), Is.EqualTo((1, 1)));
        var again = await NotifyAsync(first);
        Assert.That(again.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That((await again.JsonAsync()).GetProperty("duplicates").GetInt32(), Is.EqualTo(1));
        var comma = FakePsp.Pix(FakePsp.EndToEndId(), txids[1], 493.34m, now);
        comma["valor"] = "493,34";
        Assert.That((await (await NotifyAsync(comma)).AssertProblemAsync(HttpStatusCode.BadRequest)).ToString(), Does.Contain("valor"));
        var agreement = await GetAsync(id);
        Assert.That(agreement.Money("paid"), Is.EqualTo(100.00m), "paid once");
        Assert.That(agreement.GetProperty("installments")[0].GetProperty("status").GetString(), Is.EqualTo("paid"));

        // The webhook misses the two installments; the PSP lists them (with the down payment and the stranger) over two pages.
        var second = FakePsp.Pix(FakePsp.EndToEndId(), txids[1], 493.34m, now.AddMinutes(1));
        var third = FakePsp.Pix(FakePsp.EndToEndId(), txids[2], 493.33m, now.AddMinutes(2));
        foreach (var p in new[] { first, stranger, second, third }) _psp.Received.Enqueue(p);
        var admin = await _app.AdminAsync();
        var run = await (await admin.PostAsync("/api/v1/admin/jobs/pix-reconciliation/runs", null)).JsonAsync();
        Assert.That(run.GetProperty("outcome").GetString(), Does.Contain("4 Pix listed").And.Contain("2 missed ones paid"));
        agreement = await GetAsync(id);
        Assert.That(agreement.GetProperty("status").GetString(), Is.EqualTo("completed"));
        Assert.That(agreement.Money("paid"), Is.EqualTo(1086.67m));
        (await admin.PostAsync("/api/v1/admin/jobs/pix-reconciliation/runs", null)).EnsureSuccessStatusCode();
        Assert.That((await GetAsync(id)).Money("paid"), Is.EqualTo(1086.67m), "a second reconciliation pays nothing again");
        Assert.That(_psp.Calls.Where(c => c.Method == "PATCH" && txids.Contains(c.Txid)), Is.Empty, "charges paid by their own Pix are not removed");

        // The report: four received (1,099.01), three matched (1,086.67), one unmatched (12.34), one repeat ignored.
        var supervisor = await _app.PersonAsync("supervisor");
        await (await _agent.GetAsync("/api/v1/reports/pix-reconciliation")).AssertProblemAsync(HttpStatusCode.Forbidden);
        var report = await (await supervisor.GetAsync($"/api/v1/reports/pix-reconciliation?from={today.AddDays(-1):yyyy-MM-dd}&to={today:yyyy-MM-dd}")).JsonAsync();
        var day = report.GetProperty("days").EnumerateArray().Single(d => d.GetProperty("date").GetString() == Recovery.BuildingBlocks.BusinessDate.Of(now).ToString("yyyy-MM-dd"));
        Assert.That((day.GetProperty("received").GetInt32(), day.Money("receivedAmount")), Is.EqualTo((4, 1099.01m)));
        Assert.That((day.GetProperty("matched").GetInt32(), day.Money("matchedAmount")), Is.EqualTo((3, 1086.67m)));
        Assert.That((day.GetProperty("unmatched").GetInt32(), day.Money("unmatchedAmount")), Is.EqualTo((1, 12.34m)));
        Assert.That(day.GetProperty("duplicates").GetInt32(), Is.EqualTo(1));
        var csv = await supervisor.GetAsync($"/api/v1/reports/pix-reconciliation?from={today.AddDays(-1):yyyy-MM-dd}&to={today:yyyy-MM-dd}&format=csv");
        var bytes = await csv.Content.ReadAsByteArrayAsync();
        Assert.That(bytes[..3], Is.EqualTo(new byte[] { 0xEF, 0xBB, 0xBF }), "a byte-order mark for spreadsheets");
        var lines = Encoding.UTF8.GetString(bytes[3..]).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.That(lines[0], Does.StartWith("Data;Pix recebidos;Valor recebido (R$);Conciliados"));
        Assert.That(lines, Does.Contain($"{Recovery.BuildingBlocks.BusinessDate.Of(now):dd/MM/yyyy};4;1.099,01;3;1.086,67;1;12,34;1"));
        Assert.That(lines[^1], Is.EqualTo("Total;4;1.099,01;3;1.086,67;1;12,34;1"));
        var machines = await (await supervisor.GetAsync($"/api/v1/reports/pix-reconciliation?from={today.AddDays(-1):yyyy-MM-dd}&to={today:yyyy-MM-dd}&format=csv&dialect=en"))
            .Content.ReadAsStringAsync();
        Assert.That(machines.Split("\r\n")[0], Is.EqualTo("date,received,received_amount,matched,matched_amount,unmatched,unmatched_amount,duplicates"));
        Assert.That(machines, Does.Contain("Total,4,1099.01,3,1086.67,1,12.34,1"));
    }

    [Test]
    public async Task A_charge_made_but_its_answer_lost_is_asked_again_under_the_same_txid_and_made_once()
    {
        _psp.LostPutAnswers = 1;
        var (id, _) = await AgreementAsync();
        var txids = (await CobvInstallmentsAsync(id)).Select(Txid).ToList();
        var puts = _psp.Calls.Where(c => c.Method == "PUT" && c.Txid.StartsWith($"R{id:N}", StringComparison.Ordinal)).ToList();
        Assert.That(puts.Count(c => c.Status == 504), Is.EqualTo(1), "one answer lost");
        Assert.That(puts.Select(c => c.Txid).Distinct(), Is.EquivalentTo(txids), "the retry asks for the same txid");
        Assert.That(_psp.Charges.Keys.Count(k => k.StartsWith($"R{id:N}", StringComparison.Ordinal)), Is.EqualTo(3), "one charge per installment");
        Assert.That(_psp.Violations, Is.Empty);
    }

    [Test]
    public async Task A_cobv_is_removed_when_its_installment_is_paid_another_way_and_all_when_the_agreement_is_cancelled()
    {
        var (id, _) = await AgreementAsync();
        var txids = (await CobvInstallmentsAsync(id)).Select(Txid).ToList();
        string Status(string txid) => _psp.Charges[txid]["status"]!.GetValue<string>();

        (await _agent.PostAsJsonAsync($"/api/v1/agreements/{id}/payments", new { paymentId = "ENTRADA", amount = 100.00m, paidAt = _app.Today })).EnsureSuccessStatusCode();
        await RecoveryApp.EventuallyAsync(() => Task.FromResult(Status(txids[0]) == "REMOVIDA_PELO_USUARIO_RECEBEDOR"), "the paid installment's cobv to be removed");
        Assert.That(Status(txids[1]), Is.EqualTo("ATIVA"));

        var supervisor = await _app.PersonAsync("supervisor");
        (await supervisor.PostAsJsonAsync($"/api/v1/agreements/{id}/cancel", new { reason = "desistência do devedor" })).EnsureSuccessStatusCode();
        await RecoveryApp.EventuallyAsync(() => Task.FromResult(txids.All(t => Status(t) == "REMOVIDA_PELO_USUARIO_RECEBEDOR")), "every cobv to be removed");
        Assert.That(_psp.Violations, Is.Empty);
        Assert.That(txids.Select(t => _psp.CallsFor(t).Count(c => c is { Method: "PATCH", Status: 200 })), Has.All.EqualTo(1), "each removed once");
        var installments = (await GetAsync(id)).GetProperty("installments").EnumerateArray();
        Assert.That(installments.Select(i => i.GetProperty("pix").ValueKind), Has.All.EqualTo(JsonValueKind.Null),
            "no code to pay once removed (the portfolio has no static key)");
    }
}
