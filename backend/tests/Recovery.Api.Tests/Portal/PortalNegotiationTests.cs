using System.Text.Json.Nodes;
using Dapper;

namespace Recovery.Api.Tests.Portal;

/// <summary>What the debtor sees and does in the portal, on the same rulebook as the agents.</summary>
public sealed class PortalNegotiationTests
{
    private static object Bucket(int from, int? to, decimal charges, decimal principal, int installments, decimal down, object? selfService = null) => new
    {
        fromDays = from, toDays = to, maxChargesDiscountPercent = charges, maxPrincipalDiscountPercent = principal, maxInstallments = installments,
        minDownPaymentPercent = down, selfService,
    };

    /// <summary>The default policy with a Pix key, and for 31-180 days late a self-service authority well below the agent's.</summary>
    private static object Policy(object? selfService) => new
    {
        buckets = new[]
        {
            Bucket(1, 30, 0, 0, 3, 20), Bucket(31, 180, 80, 5, 12, 10, selfService), Bucket(181, 360, 100, 10, 18, 5), Bucket(361, null, 100, 30, 24, 5),
        },
        minInstallment = 50.00m, monthlyRatePercent = 0m, cashExtraPrincipalDiscountPercent = 10, firstDueMaxDays = 30, breachToleranceDays = 30,
        supervisorExtraPrincipalDiscountPercent = 10, financialInstitution = false, compoundingLegalBasis = (string?)null,
        pix = new { key = "cobranca@credor.com.br", merchantName = "Credor Exemplo Ltda", city = "São Paulo" },
    };

    [Test]
    public async Task A_debtor_sees_debts_takes_an_offer_within_self_service_and_the_agent_sees_the_agreement()
    {
        await using var host = await new PortalHost(new() { ["Communication:AllowLoopbackWebhooks"] = "true" }).StartAsync();
        var document = TestData.Cpf();
        const string email = "maria.acordo@example.com";
        var (first, debtorId) = await host.DebtAsync(document, email, 1000.00m, 100);
        var (second, _) = await host.DebtAsync(document, email, 500.00m, 60);
        var (otherPartner, _, _) = await host.App.PartnerAsync();
        var (elsewhere, _) = await PortalHost.DebtAsync(otherPartner, document, email, 300.00m, host.App.Today.AddDays(-40));
        var admin = await host.App.AdminAsync();
        (await admin.PutAsJsonAsync($"/api/v1/portfolios/{await host.PortfolioOfAsync(first)}/policy", Policy(new
        {
            maxChargesDiscountPercent = 10, maxPrincipalDiscountPercent = 0, cashExtraPrincipalDiscountPercent = 0, maxInstallments = 3,
        }))).EnsureSuccessStatusCode();
        await host.App.WithConnectionAsync("communication", c => c.ExecuteAsync(
            "INSERT INTO communication.webhook (partner_id, url, events, secret, updated_at) VALUES (@PartnerId, 'http://127.0.0.1:9/hook', '[\"agreement.created\"]', 'whsec_test', @Now)",
            new { host.PartnerId, Now = host.App.Clock.GetUtcNow() }));

        var debtor = await host.SignInAsync(document, email);
        var debts = (await (await debtor.GetAsync("/api/v1/portal/debts")).JsonAsync()).GetProperty("items").EnumerateArray().ToList();
        Assert.That(debts.Select(d => d.GetProperty("invoiceId").GetGuid()), Is.EquivalentTo(new[] { first, second, elsewhere }));
        Assert.That(debts.Select(d => d.GetProperty("creditor").GetString()).Distinct().Count(), Is.EqualTo(2), "each creditor named");
        Assert.That(debts.All(d => d.GetProperty("creditorDocument").GetString()!.Contains('/')), Is.True, "the creditor's CNPJ");
        var valuation = (await (await admin.GetAsync($"/api/v1/debtors/{debtorId}/valuation")).JsonAsync()).GetProperty("items").EnumerateArray()
            .ToDictionary(i => i.GetProperty("invoiceId").GetGuid(), i => i.Money("total"));
        foreach (var d in debts)
            Assert.That(d.Money("totalToday"), Is.EqualTo(valuation[d.GetProperty("invoiceId").GetGuid()]), "Negotiation's valuation, not another");
        var charges = valuation[first] + valuation[second] - 1500.00m;
        Assert.That(charges, Is.GreaterThan(0));

        var offers = (await (await debtor.GetAsync($"/api/v1/portal/offers?invoiceIds={first},{second}")).JsonAsync()).GetProperty("items")
            .EnumerateArray().ToList();
        Assert.That(offers, Is.Not.Empty);
        Assert.That(offers.Select(o => o.GetProperty("installments").GetInt32()), Has.All.LessThanOrEqualTo(3), "never more than self-service allows");
        Assert.That(offers.Select(o => o.Money("discount")), Has.All.LessThanOrEqualTo(decimal.Round(charges * 0.10m, 2) + 0.01m),
            "never more discount than self-service allows (the agent may give 80% of the charges)");
        Assert.That(offers.Select(o => o.Money("total")), Has.All.GreaterThanOrEqualTo(1500.00m), "no discount on principal");
        Assert.That(offers.Any(o => o.GetProperty("kind").GetString() == "a_vista" && o.GetProperty("installments").GetInt32() == 1), Is.True);
        var threeInstallments = offers.Single(o => o.GetProperty("installments").GetInt32() == 3);
        Assert.That(threeInstallments.Money("cetMonthly"), Is.GreaterThanOrEqualTo(0));
        Assert.That(threeInstallments.Money("downPayment"), Is.GreaterThan(0), "the bucket's minimum down payment");

        var created = await debtor.PostAsJsonAsync("/api/v1/portal/agreements", new { offerId = threeInstallments.GetProperty("id").GetGuid() });
        Assert.That(created.StatusCode, Is.EqualTo(HttpStatusCode.Created), await created.Content.ReadAsStringAsync());
        var agreement = await created.JsonAsync();
        var agreementId = agreement.GetProperty("id").GetGuid();
        Assert.That(agreement.GetProperty("status").GetString(), Is.EqualTo("active"));
        Assert.That(agreement.Money("total"), Is.EqualTo(threeInstallments.Money("total")));
        var installments = agreement.GetProperty("installments").EnumerateArray().ToList();
        Assert.That(installments, Has.Count.EqualTo(4), "the down payment and three installments");
        Assert.That(installments.Select(i => i.GetProperty("pixPayload").GetString()), Has.All.StartWith("000201"), "a Pix copia e cola for each");
        var terms = await debtor.GetAsync(agreement.GetProperty("termsUrl").GetString());
        Assert.That(terms.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/pdf"));
        Assert.That(System.Text.Encoding.ASCII.GetString((await terms.Content.ReadAsByteArrayAsync())[..5]), Is.EqualTo("%PDF-"));

        await (await debtor.PostAsJsonAsync("/api/v1/portal/agreements", new { offerId = threeInstallments.GetProperty("id").GetGuid() }))
            .AssertProblemAsync(HttpStatusCode.Conflict);

        // The agent's 360: the debts in agreement, the agreement made by the debtor, the timeline and the audit saying so.
        await RecoveryApp.EventuallyAsync(async () =>
        {
            var view = await (await admin.GetAsync($"/api/v1/debtors/{debtorId}")).JsonAsync();
            return view.GetProperty("invoices").EnumerateArray().Count(i => i.GetProperty("status").GetString() == "in_agreement") == 2;
        }, "the debts in agreement in the 360");
        var listed = (await (await admin.GetAsync($"/api/v1/agreements?debtorId={debtorId}")).JsonAsync()).GetProperty("items")[0];
        Assert.That(listed.GetProperty("id").GetGuid(), Is.EqualTo(agreementId));
        Assert.That(listed.GetProperty("requiredRole").GetString(), Is.EqualTo("self_service"));
        await RecoveryApp.EventuallyAsync(async () =>
            (await (await admin.GetAsync($"/api/v1/debtors/{debtorId}/timeline")).Content.ReadAsStringAsync()).Contains("feito pelo devedor no portal"),
            "the timeline entry");
        await RecoveryApp.EventuallyAsync(async () =>
        {
            var entries = (await (await admin.GetAsync($"/api/v1/audit?resource={agreementId}")).JsonAsync()).GetProperty("items").EnumerateArray();
            return entries.Any(e => e.GetProperty("action").GetString() == "CreateSelfServiceAgreement"
                                    && e.GetProperty("actorKind").GetString() == "debtor" && e.GetProperty("actorRole").GetString() == "debtor");
        }, "the audit entry with actor kind debtor");
        await RecoveryApp.EventuallyAsync(async () =>
        {
            var payload = await host.App.WithConnectionAsync("communication", c => c.ExecuteScalarAsync<string?>(
                "SELECT payload FROM communication.webhook_delivery WHERE partner_id = @PartnerId AND event = 'agreement.created'", new { host.PartnerId }));
            return payload is not null && payload.Contains("\"actorKind\":\"debtor\"") && payload.Contains(agreementId.ToString());
        }, "the partner's agreement.created webhook with actor kind debtor");
    }

    [Test]
    public async Task Another_debtors_debts_and_agreements_are_not_found()
    {
        await using var host = await new PortalHost().StartAsync();
        var (mine, _) = await host.DebtAsync(TestData.Cpf(), "a@example.com", 400m, 50);
        var otherDocument = TestData.Cpf();
        var (theirs, _) = await host.DebtAsync(otherDocument, "b@example.com", 400m, 50);
        var debtor = await host.SignInAsync(otherDocument, "b@example.com");
        await (await debtor.GetAsync($"/api/v1/portal/offers?invoiceIds={mine}")).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await debtor.GetAsync($"/api/v1/portal/offers?invoiceIds={theirs},{mine}")).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await debtor.GetAsync($"/api/v1/portal/offers?invoiceIds={Guid.NewGuid()}")).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await debtor.PostAsJsonAsync("/api/v1/portal/disputes", new { invoiceId = mine, reason = "Não reconheço" })).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await debtor.PostAsJsonAsync("/api/v1/portal/agreements", new { offerId = Guid.NewGuid() })).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await debtor.GetAsync($"/api/v1/portal/agreements/{Guid.NewGuid()}/terms")).AssertProblemAsync(HttpStatusCode.NotFound);
        var bad = await (await debtor.GetAsync("/api/v1/portal/offers?invoiceIds=abc")).AssertProblemAsync(HttpStatusCode.BadRequest);
        Assert.That(bad.ErrorsFor("invoiceIds"), Is.Not.Empty);
        Assert.That((await (await debtor.GetAsync("/api/v1/portal/debts")).JsonAsync()).GetProperty("items").GetArrayLength(), Is.EqualTo(1));
    }

    /// <summary>
    /// By default the self-service authority is half the agent's: for 91-180 days late (agent: 80% of the charges, 5% of
    /// the principal, 10 points more in full) no offer gives more than 40% of the charges on installments, or more than
    /// all charges and 2.5% + 5% of the principal in full; and the mínimo existencial warning shows where the installment
    /// leaves the debtor less than R$ 600 of a declared income.
    /// </summary>
    [Test]
    public async Task Default_offers_stay_within_half_the_agents_authority_and_warn_of_the_minimo_existencial()
    {
        await using var host = await new PortalHost().StartAsync();
        var document = TestData.Cpf();
        var (invoice, debtorId) = await host.DebtAsync(document, "c@example.com", 2000.00m, 120, income: 1000m);
        var admin = await host.App.AdminAsync();
        var valuation = (await (await admin.GetAsync($"/api/v1/debtors/{debtorId}/valuation")).JsonAsync()).GetProperty("items")[0];
        var total = valuation.Money("total");
        var charges = total - 2000.00m;
        var debtor = await host.SignInAsync(document, "c@example.com");
        var offers = (await (await debtor.GetAsync($"/api/v1/portal/offers?invoiceIds={invoice}")).JsonAsync()).GetProperty("items").EnumerateArray().ToList();
        var full = offers.Single(o => o.GetProperty("kind").GetString() == "a_vista");
        var plans = offers.Where(o => o.GetProperty("kind").GetString() == "parcelado").ToList();
        Assert.That(plans, Is.Not.Empty);
        Assert.That(plans.Select(o => o.Money("discount")), Has.All.LessThanOrEqualTo(decimal.Round(charges * 0.40m, 2) + 0.01m));
        Assert.That(full.Money("discount"), Is.LessThanOrEqualTo(decimal.Round(charges * 0.40m, 2) + 0.01m),
            "the charges are not all given up by self-service, so the principal keeps its value");
        Assert.That(plans.Select(o => o.GetProperty("installments").GetInt32()), Has.All.LessThanOrEqualTo(12));
        Assert.That(full.GetProperty("warning").GetString(), Does.Contain("mínimo existencial"));
        foreach (var plan in plans)
        {
            var leftover = 1000m - plan.Money("installmentAmount");
            Assert.That(plan.GetProperty("warning").ValueKind == JsonValueKind.String, Is.EqualTo(leftover < 600m), $"{plan}");
        }

        // An agent could grant 12 installments at 80% off the charges: lawful for them, never offered to the debtor alone.
        var simulated = await (await admin.PostAsJsonAsync("/api/v1/negotiations/simulate", new
        {
            debtorId, invoiceIds = new[] { invoice }, downPayment = 300.00m, installments = 12, firstDueDate = host.App.Today.AddDays(20).ToString("yyyy-MM-dd"),
            discountPercent = decimal.Round(charges * 0.8m * 100m / total, 2, MidpointRounding.ToZero),
        })).JsonAsync();
        Assert.That(simulated.GetProperty("lawful").GetBoolean(), Is.True);
        Assert.That(offers.Select(o => o.Money("discount")), Has.All.LessThan(simulated.Money("discount")));
    }

    [Test]
    public async Task A_debtor_disputes_a_debt_promises_and_opts_out_and_the_agent_sees_it()
    {
        await using var host = await new PortalHost().StartAsync();
        var document = TestData.Cpf();
        var (invoice, debtorId) = await host.DebtAsync(document, "d@example.com", 700m, 45);
        var debtor = await host.SignInAsync(document, "d@example.com");
        var bad = await (await debtor.PostAsJsonAsync("/api/v1/portal/disputes", new { invoiceId = invoice })).AssertProblemAsync(HttpStatusCode.BadRequest);
        Assert.That(bad.ErrorsFor("reason"), Is.EqualTo(new[] { "conte o motivo da contestação" }));
        Assert.That((await debtor.PostAsJsonAsync("/api/v1/portal/disputes", new { invoiceId = invoice, reason = "Já paguei esta compra" })).StatusCode,
            Is.EqualTo(HttpStatusCode.Created));
        Assert.That((await debtor.PostAsJsonAsync("/api/v1/portal/promises", new { amount = 100.00m, dueDate = host.App.Today.AddDays(5).ToString("yyyy-MM-dd") })).StatusCode,
            Is.EqualTo(HttpStatusCode.Created));
        var contacts = (await (await debtor.GetAsync("/api/v1/portal/contacts")).JsonAsync()).GetProperty("items").EnumerateArray().ToList();
        var email = contacts.Single(c => c.GetProperty("channel").GetString() == "email");
        Assert.That(email.GetProperty("value").GetString(), Is.EqualTo("d***@example.com"), "masked");
        Assert.That((await debtor.PostAsJsonAsync("/api/v1/portal/opt-outs", new { contactId = email.GetProperty("id").GetGuid() })).StatusCode,
            Is.EqualTo(HttpStatusCode.Created));
        await (await debtor.PostAsJsonAsync("/api/v1/portal/opt-outs", new { contactId = Guid.NewGuid() })).AssertProblemAsync(HttpStatusCode.NotFound);

        var admin = await host.App.AdminAsync();
        var view = await (await admin.GetAsync($"/api/v1/debtors/{debtorId}")).JsonAsync();
        Assert.That(view.GetProperty("holds").EnumerateArray().Any(h => h.GetProperty("kind").GetString() == "dispute"), Is.True);
        Assert.That(view.GetProperty("contacts").EnumerateArray().Single(c => c.GetProperty("channel").GetString() == "email")
            .GetProperty("optedOutAt").ValueKind, Is.EqualTo(JsonValueKind.String));
        var promises = (await (await admin.GetAsync($"/api/v1/debtors/{debtorId}/promises")).JsonAsync()).GetProperty("items");
        Assert.That(promises.GetArrayLength(), Is.EqualTo(1));
        var audit = (await (await admin.GetAsync($"/api/v1/audit?resource={debtorId}")).JsonAsync()).GetProperty("items").EnumerateArray().ToList();
        Assert.That(audit.Where(e => e.GetProperty("actorKind").GetString() == "debtor").Select(e => e.GetProperty("action").GetString()),
            Is.SupersetOf(new[] { "PlaceHold", "OptOutContact" }));
    }
}
