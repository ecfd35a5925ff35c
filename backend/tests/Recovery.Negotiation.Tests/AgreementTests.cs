namespace Recovery.Negotiation.Tests;

/// <summary>
/// Agreements end to end through HTTP: one above the agent's authority approved by a supervisor and paid installment by
/// installment (partner push, Pix txid, agent), another broken by the clock; the rules that refuse a plan.
/// </summary>
public sealed class AgreementTests
{
    private RecoveryApp _app = null!;
    private HttpClient _partner = null!;
    private Guid _partnerId;
    private HttpClient _agent = null!;
    private HttpClient _supervisor = null!;

    /// <summary>People sign in per test: the breach test moves the clock past every session's lifetime.</summary>
    [SetUp]
    public async Task SignInAsync()
    {
        _agent = await _app.PersonAsync("agent");
        _supervisor = await _app.PersonAsync("supervisor");
    }
    private DateOnly _today;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        _app = new RecoveryApp(new() { ["Negotiation:Agreements:Interval"] = "00:00:00.200" });
        (_partner, _partnerId, _) = await _app.PartnerAsync();
    }

    [OneTimeTearDown] public async Task StopAsync() => await _app.DisposeAsync();

    /// <summary>A debt of 1,000.00 200 days late (bucket 181-360), 2% fine and 1% a month, no index, for a new debtor.</summary>
    private async Task<(Guid InvoiceId, Guid DebtorId, string ExternalId)> LateDebtAsync(string portfolio = "varejo")
    {
        var server = await _app.Anonymous().GetAsync("/healthz");
        _today = _app.Today;
        Assert.That(server.IsSuccessStatusCode, Is.True);
        return await _partner.DebtAsync(TestData.Cpf(), 1000.00m, _today.AddDays(-200).ToString("yyyy-MM-dd"), index: "NONE", income: 10_000m,
            portfolio: portfolio);
    }

    private async Task<Guid> PortfolioIdAsync(string code)
    {
        var admin = await _app.AdminAsync();
        var list = await (await admin.GetAsync($"/api/v1/admin/partners/{_partnerId}/portfolios")).JsonAsync();
        return list.GetProperty("items").EnumerateArray().Single(p => p.GetProperty("code").GetString() == code).GetProperty("id").GetGuid();
    }

    private static JsonObject PolicyBody(decimal monthlyRate = 0m, object? pix = null) => JsonNode.Parse(JsonSerializer.Serialize(new
    {
        buckets = new object[]
        {
            new { fromDays = 1, toDays = 30, maxChargesDiscountPercent = 0, maxPrincipalDiscountPercent = 0, maxInstallments = 3, minDownPaymentPercent = 20 },
            new { fromDays = 31, toDays = 180, maxChargesDiscountPercent = 80, maxPrincipalDiscountPercent = 5, maxInstallments = 12, minDownPaymentPercent = 10 },
            new { fromDays = 181, toDays = 360, maxChargesDiscountPercent = 100, maxPrincipalDiscountPercent = 10, maxInstallments = 18, minDownPaymentPercent = 5 },
            new { fromDays = 361, toDays = (int?)null, maxChargesDiscountPercent = 100, maxPrincipalDiscountPercent = 30, maxInstallments = 24, minDownPaymentPercent = 5 },
        },
        minInstallment = 50.00m, monthlyRatePercent = monthlyRate, cashExtraPrincipalDiscountPercent = 10, firstDueMaxDays = 30,
        breachToleranceDays = 30, supervisorExtraPrincipalDiscountPercent = 10, financialInstitution = false, compoundingLegalBasis = (string?)null,
        pix,
    }))!.AsObject();

    private object Plan(Guid debtorId, Guid invoiceId, decimal discount, decimal downPayment = 100.00m, int installments = 3) => new
    {
        debtorId, invoiceIds = new[] { invoiceId }, downPayment, installments, firstDueDate = _today.AddDays(30).ToString("yyyy-MM-dd"),
        discountPercent = discount,
    };

    [Test]
    public async Task A_supervisor_approved_agreement_is_paid_by_partner_push_pix_and_agent_and_completes()
    {
        var (invoiceId, debtorId, externalId) = await LateDebtAsync();
        var saved = await (await _supervisor.PutAsJsonAsync($"/api/v1/portfolios/{await PortfolioIdAsync("varejo")}/policy",
            PolicyBody(pix: new { key = "cobranca@credor.com.br", merchantName = "Credor Exemplo Ltda", city = "São Paulo" }))).JsonAsync();
        Assert.That(saved.GetProperty("version").GetInt32(), Is.GreaterThanOrEqualTo(1));

        // 200 days: fine 20.00, interest 1,000.00 × 1% × 200/30 = 66.67; valuation 1,086.67, charges 86.67.
        // 20% = 217.33: all 86.67 of charges, 130.66 of principal (13.07% > 10%): a supervisor's authority (up to 20%).
        // Total 869.34; 100.00 down, 769.34 in 3: 256.45, 256.45 and the residue 256.44.
        var simulation = await (await _agent.PostAsJsonAsync("/api/v1/negotiations/simulate", Plan(debtorId, invoiceId, 20m))).JsonAsync();
        Assert.That(simulation.GetProperty("automaticPixOffered").GetBoolean(), Is.False, "no PSP offers Pix Automático here");
        Assert.That(simulation.Money("valuationTotal"), Is.EqualTo(1086.67m));
        Assert.That(simulation.Money("discount"), Is.EqualTo(217.33m));
        Assert.That(simulation.Money("total"), Is.EqualTo(869.34m));
        Assert.That(simulation.GetProperty("requiredRole").GetString(), Is.EqualTo("supervisor"));
        var schedule = simulation.GetProperty("installments").EnumerateArray().ToList();
        Assert.That(schedule.Select(i => i.Money("amount")), Is.EqualTo(new[] { 100.00m, 256.45m, 256.45m, 256.44m }));
        Assert.That(schedule.Sum(i => i.Money("amount")), Is.EqualTo(869.34m));
        Assert.That(simulation.Money("cetMonthly"), Is.EqualTo(0m), "no installment rate, first due 30 days ahead");
        Assert.That(simulation.GetProperty("violations").EnumerateArray().Select(v => v.GetProperty("rule").GetString()), Is.EqualTo(new[] { "principal_discount" }));

        var created = await _agent.PostAsJsonAsync("/api/v1/agreements", Plan(debtorId, invoiceId, 20m));
        Assert.That(created.StatusCode, Is.EqualTo(HttpStatusCode.Accepted));
        var agreement = await created.JsonAsync();
        Assert.That(agreement.GetProperty("status").GetString(), Is.EqualTo("pending_approval"));
        var id = agreement.GetProperty("id").GetGuid();

        var again = await (await _agent.PostAsJsonAsync("/api/v1/agreements", Plan(debtorId, invoiceId, 0m))).AssertProblemAsync(HttpStatusCode.Conflict);
        Assert.That(again.GetProperty("type").GetString(), Does.EndWith("already-in-agreement"));
        await (await _agent.PostAsJsonAsync($"/api/v1/agreements/{id}/approve", new { })).AssertProblemAsync(HttpStatusCode.Forbidden);

        Assert.That(agreement.GetProperty("installments").EnumerateArray().Select(i => i.GetProperty("pixPayload").ValueKind),
            Is.All.EqualTo(JsonValueKind.Null), "no Pix to pay while the agreement waits for approval");
        await (await _supervisor.GetAsync($"/api/v1/agreements/{id}/installments/1/qr.png")).AssertProblemAsync(HttpStatusCode.NotFound);

        // The approver sees who, how much off and which rule the plan broke, as the agent saw it.
        var queue = await (await _supervisor.GetAsync("/api/v1/agreements?status=pending_approval")).JsonAsync();
        var waiting = queue.GetProperty("items").EnumerateArray().Single(a => a.GetProperty("id").GetGuid() == id);
        Assert.That(waiting.GetProperty("debtorName").GetString(), Is.EqualTo("Maria da Silva"));
        Assert.That((waiting.Money("discountPercent"), waiting.Money("discount"), waiting.Money("valuationTotal")), Is.EqualTo((20m, 217.33m, 1086.67m)));
        var broken = waiting.GetProperty("violations").EnumerateArray().Single();
        Assert.That(broken.GetProperty("rule").GetString(), Is.EqualTo("principal_discount"));
        Assert.That(broken.GetProperty("message").GetString(), Does.StartWith("Desconto de 13,07% no principal"));
        Assert.That(broken.GetProperty("requiredRole").GetString(), Is.EqualTo("supervisor"));
        var detail = await (await _supervisor.GetAsync($"/api/v1/agreements/{id}")).JsonAsync();
        Assert.That(detail.GetProperty("violations")[0].GetProperty("rule").GetString(), Is.EqualTo("principal_discount"));
        var approved = await (await _supervisor.PostAsJsonAsync($"/api/v1/agreements/{id}/approve", new { })).JsonAsync();
        Assert.That(approved.GetProperty("status").GetString(), Is.EqualTo("active"));
        await RecoveryApp.EventuallyAsync(async () => (await _partner.InvoiceAsync(externalId)).GetProperty("status").GetString() == "in_agreement",
            "the debt to be in agreement");

        var installments = approved.GetProperty("installments").EnumerateArray().ToList();
        var pix1 = installments[1].GetProperty("pixPayload").GetString()!;
        Assert.That(pix1, Does.StartWith("000201"));
        Assert.That(pix1, Does.Contain("0014br.gov.bcb.pix0122cobranca@credor.com.br"));
        Assert.That(pix1, Does.Contain("5406256.45"));
        Assert.That(pix1, Does.Contain("6009SAO PAULO"));
        Assert.That(pix1[^4..], Is.EqualTo(Crc16(pix1[..^4]).ToString("X4")), "the CRC a bank app checks");
        Assert.That(installments[1].GetProperty("pix").GetProperty("kind").GetString(), Is.EqualTo("static"), "no PSP configured: the static code as before");
        Assert.That(installments[1].GetProperty("pix").GetProperty("txid").GetString(), Is.EqualTo(installments[1].GetProperty("txid").GetString()));

        // Down payment: the partner registers it against the debt; it reaches the agreement through events.
        (await _partner.PostAsJsonAsync($"/api/v1/partner/invoices/{externalId}/payments",
            new { paymentId = "ENTRADA-1", amount = 100.00m, paidAt = _today.ToString("yyyy-MM-dd") })).EnsureSuccessStatusCode();
        await RecoveryApp.EventuallyAsync(async () =>
            (await (await _agent.GetAsync($"/api/v1/agreements/{id}")).JsonAsync()).GetProperty("installments")[0].GetProperty("status").GetString() == "paid",
            "the down payment to be applied");

        // Installment 1 by Pix, matched by txid; the bank reporting it twice changes nothing.
        var pix = new { txid = installments[1].GetProperty("txid").GetString(), endToEndId = "E2E00000000000000000000000000001", amount = 256.45m, paidAt = _today.ToString("yyyy-MM-dd") };
        Assert.That((await (await _partner.PostAsJsonAsync("/api/v1/partner/pix/payments", pix)).JsonAsync()).GetProperty("applied").GetBoolean(), Is.True);
        Assert.That((await (await _partner.PostAsJsonAsync("/api/v1/partner/pix/payments", pix)).JsonAsync()).GetProperty("applied").GetBoolean(), Is.False);
        var other = await _app.PartnerAsync();
        await (await other.Client.PostAsJsonAsync("/api/v1/partner/pix/payments", pix)).AssertProblemAsync(HttpStatusCode.NotFound);

        // Installment 2 registered by the agent; 3 by Pix.
        (await _agent.PostAsJsonAsync($"/api/v1/agreements/{id}/payments", new { paymentId = "BOLETO-2", amount = 256.45m, paidAt = _today })).EnsureSuccessStatusCode();
        var afterTwo = await (await _agent.GetAsync($"/api/v1/agreements/{id}")).JsonAsync();
        Assert.That(afterTwo.Money("paid"), Is.EqualTo(612.90m));
        Assert.That((await (await _partner.PostAsJsonAsync("/api/v1/partner/pix/payments", pix)).JsonAsync()).GetProperty("applied").GetBoolean(), Is.False);
        var last = await (await _partner.PostAsJsonAsync("/api/v1/partner/pix/payments",
            new { txid = installments[3].GetProperty("txid").GetString(), endToEndId = "E2E00000000000000000000000000003", amount = 256.44m, paidAt = _today })).JsonAsync();
        Assert.That(last.GetProperty("agreementStatus").GetString(), Is.EqualTo("completed"));
        await RecoveryApp.EventuallyAsync(async () => (await _partner.InvoiceAsync(externalId)).GetProperty("status").GetString() == "paid",
            "the debt to be settled by the agreement");

        var png = await _agent.GetAsync($"/api/v1/agreements/{id}/installments/1/qr.png");
        Assert.That(png.Content.Headers.ContentType!.MediaType, Is.EqualTo("image/png"));
        Assert.That((await png.Content.ReadAsByteArrayAsync())[..4], Is.EqualTo(new byte[] { 0x89, 0x50, 0x4E, 0x47 }));
        Assert.That(await (await _agent.GetAsync($"/api/v1/agreements/{id}/installments/1/qr.svg")).Content.ReadAsStringAsync(), Does.Contain("<svg"));
        var terms = await (await _agent.GetAsync($"/api/v1/agreements/{id}/terms")).Content.ReadAsStringAsync();
        var creditor = (await (await _partner.GetAsync("/api/v1/partner/me")).JsonAsync());
        Assert.That(terms, Does.Contain("Termo de acordo"));
        Assert.That(terms, Does.Contain(System.Net.WebUtility.HtmlEncode(creditor.GetProperty("name").GetString()!)));
        Assert.That(terms, Does.Contain("Custo efetivo total"));
        Assert.That(terms, Does.Contain("R$ 256,45"));
    }

    [Test]
    public async Task An_unpaid_agreement_breaks_after_the_tolerance_and_the_debt_comes_back_with_what_was_paid()
    {
        var (invoiceId, debtorId, externalId) = await LateDebtAsync("quebra");
        var created = await _agent.PostAsJsonAsync("/api/v1/agreements", Plan(debtorId, invoiceId, 0m, downPayment: 100.00m, installments: 2));
        Assert.That(created.StatusCode, Is.EqualTo(HttpStatusCode.Created), await created.Content.ReadAsStringAsync());
        var id = (await created.JsonAsync()).GetProperty("id").GetGuid();
        (await _agent.PostAsJsonAsync($"/api/v1/agreements/{id}/payments", new { paymentId = "ENTRADA", amount = 100.00m, paidAt = _today })).EnsureSuccessStatusCode();
        await RecoveryApp.EventuallyAsync(async () => (await _partner.InvoiceAsync(externalId)).GetProperty("status").GetString() == "in_agreement",
            "the debt to be in agreement");

        _app.Clock.Advance(TimeSpan.FromDays(62));  // installment 1 falls due in 30 days, tolerance 30 days
        var agent = await _app.PersonAsync("agent");
        await RecoveryApp.EventuallyAsync(async () =>
            (await (await agent.GetAsync($"/api/v1/agreements/{id}")).JsonAsync()).GetProperty("status").GetString() == "broken", "the agreement to break");
        await RecoveryApp.EventuallyAsync(async () => (await _partner.InvoiceAsync(externalId)).GetProperty("status").GetString() == "open",
            "the debt to come back");
        var invoice = await _partner.InvoiceAsync(externalId);
        Assert.That(invoice.Money("outstanding"), Is.EqualTo(900.00m), "the down payment paid under the agreement is credited");
        var valuation = await (await agent.GetAsync($"/api/v1/debtors/{debtorId}/valuation")).JsonAsync();
        Assert.That(valuation.GetProperty("items")[0].Money("paid"), Is.EqualTo(100.00m));
    }

    [Test]
    public async Task Plans_that_break_the_law_are_refused_and_bad_input_names_the_field()
    {
        var (invoiceId, debtorId, _) = await LateDebtAsync("juros");
        var portfolioId = await PortfolioIdAsync("juros");
        var policyUrl = $"/api/v1/portfolios/{portfolioId}/policy";
        var before = (await (await _supervisor.GetAsync(policyUrl)).JsonAsync()).GetProperty("version").GetInt32();

        // A rate for a creditor that is no financial institution, without a legal basis, would make every instalment plan
        // unlawful: refused at save time, naming the field, and nothing saved.
        var unlawful = await (await _supervisor.PutAsJsonAsync(policyUrl, PolicyBody(monthlyRate: 1.99m))).AssertProblemAsync(HttpStatusCode.BadRequest);
        Assert.That(unlawful.ErrorsFor("monthlyRatePercent"), Has.Some.Contains("compoundingLegalBasis"));
        Assert.That((await (await _supervisor.GetAsync(policyUrl)).JsonAsync()).GetProperty("version").GetInt32(), Is.EqualTo(before));

        // With the legal basis recorded, the plan carries the interest and its total is what the schedule adds up to.
        var lawfulPolicy = PolicyBody(monthlyRate: 1.99m);
        lawfulPolicy["compoundingLegalBasis"] = "Cédula de crédito bancário (Lei 10.931/2004, art. 28, § 1º, I)";
        (await _supervisor.PutAsJsonAsync(policyUrl, lawfulPolicy)).EnsureSuccessStatusCode();
        var priced = await (await _agent.PostAsJsonAsync("/api/v1/negotiations/simulate", Plan(debtorId, invoiceId, 0m))).JsonAsync();
        Assert.That(priced.GetProperty("lawful").GetBoolean(), Is.True);
        var schedule = priced.GetProperty("installments").EnumerateArray().ToList();
        Assert.That(priced.Money("totalPayable"), Is.EqualTo(schedule.Sum(i => i.Money("amount"))));
        Assert.That(priced.Money("totalPayable"), Is.GreaterThan(priced.Money("total")), "Price installments carry the interest");

        // A policy stored before that rule still refuses such plans when they are simulated and when they are made.
        await _app.WithConnectionAsync("negotiation", c => Dapper.SqlMapper.ExecuteAsync(c,
            "UPDATE negotiation.policy SET document = replace(document, '\"compoundingLegalBasis\":\"C', '\"compoundingLegalBasis\":null,\"legacy\":\"C') WHERE portfolio_id = @PortfolioId",
            new { PortfolioId = portfolioId }));
        var simulation = await (await _agent.PostAsJsonAsync("/api/v1/negotiations/simulate", Plan(debtorId, invoiceId, 0m))).JsonAsync();
        Assert.That(simulation.GetProperty("lawful").GetBoolean(), Is.False);
        Assert.That(simulation.GetProperty("requiredRole").ValueKind, Is.EqualTo(JsonValueKind.Null));
        Assert.That(simulation.Money("cetMonthly"), Is.GreaterThan(1.9m));
        var refused = await (await _agent.PostAsJsonAsync("/api/v1/agreements", Plan(debtorId, invoiceId, 0m))).AssertProblemAsync((HttpStatusCode)422);
        Assert.That(refused.GetProperty("rule").GetString(), Is.EqualTo("compounding"));
        Assert.That((await (await _agent.GetAsync($"/api/v1/agreements?debtorId={debtorId}")).JsonAsync()).GetProperty("items").GetArrayLength(), Is.Zero);

        var zero = await (await _agent.PostAsJsonAsync("/api/v1/agreements", new
        {
            debtorId, invoiceIds = new[] { invoiceId }, installments = 0, firstDueDate = _today.AddDays(-1).ToString("yyyy-MM-dd"),
        })).AssertProblemAsync(HttpStatusCode.BadRequest);
        Assert.That(zero.ErrorsFor("installments"), Is.Not.Empty);
        Assert.That(zero.ErrorsFor("firstDueDate"), Is.Not.Empty);
        var foreign = await (await _agent.PostAsJsonAsync("/api/v1/negotiations/simulate", new
        {
            debtorId, invoiceIds = new[] { Guid.NewGuid() }, installments = 1, firstDueDate = _today.AddDays(5).ToString("yyyy-MM-dd"),
        })).AssertProblemAsync(HttpStatusCode.BadRequest);
        Assert.That(foreign.ErrorsFor("invoiceIds[0]"), Is.Not.Empty);
        await (await _agent.PostAsJsonAsync("/api/v1/negotiations/simulate", new
        {
            debtorId = Guid.NewGuid(), invoiceIds = new[] { invoiceId }, installments = 1, firstDueDate = _today.AddDays(5).ToString("yyyy-MM-dd"),
        })).AssertProblemAsync(HttpStatusCode.NotFound);
        var auditor = await _app.PersonAsync("auditor");
        await (await auditor.PostAsJsonAsync("/api/v1/agreements", Plan(debtorId, invoiceId, 0m))).AssertProblemAsync(HttpStatusCode.Forbidden);
    }

    /// <summary>CRC16-CCITT (0x1021, initial 0xFFFF), written here independently of the product's code.</summary>
    private static ushort Crc16(string text)
    {
        var crc = 0xFFFF;
        foreach (var b in System.Text.Encoding.UTF8.GetBytes(text))
        {
            crc ^= b << 8;
            for (var i = 0; i < 8; i++) crc = (crc & 0x8000) != 0 ? ((crc << 1) ^ 0x1021) & 0xFFFF : (crc << 1) & 0xFFFF;
        }
        return (ushort)crc;
    }
}
