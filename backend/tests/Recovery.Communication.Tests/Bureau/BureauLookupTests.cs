using Dapper;

namespace Recovery.Communication.Tests.Bureau;

/// <summary>Credit-bureau lookups from the 360: cached for the day, paid once, within the portfolio's budget (ADR 0028).</summary>
public sealed class BureauLookupTests
{
    private static FakeBureau.Answer Clean(int score, params object[] contacts) => new(score, [], contacts);

    [Test]
    public async Task A_lookup_is_paid_once_and_served_again_from_the_cache_for_the_day_with_who_asked_why_and_the_legal_basis()
    {
        await using var host = await BureauHost.StartAsync();
        var cpf = TestData.Cpf();
        host.Bureau.Answers[cpf] = new FakeBureau.Answer(612,
            [new { id = "R-1", tipo = "protesto", credor = "Cartório 2º Ofício", valor = 850.00m, data = "2026-03-10" }], []);
        host.Bureau.Unavailable = 1;   // the first try fails: the retry answers
        var debt = await host.DebtAsync(cpf);

        var first = await (await host.LookUpAsync(debt.DebtorId)).JsonAsync();
        Assert.That(first.GetProperty("cached").GetBoolean(), Is.False);
        Assert.That(first.Money("cost"), Is.EqualTo(3.50m));
        Assert.That(first.GetProperty("score").GetInt32(), Is.EqualTo(612));
        Assert.That(first.GetProperty("purpose").GetString(), Is.EqualTo("collection"));
        Assert.That(first.GetProperty("legalBasis").GetString(), Does.Contain("art. 7º, X"));
        Assert.That(first.GetProperty("requestedBy").GetString(), Is.EqualTo(host.App.EmailOf(host.Agent)));
        var restriction = first.GetProperty("restrictions").EnumerateArray().Single();
        Assert.That(restriction.GetProperty("kind").GetString(), Is.EqualTo("protest"));
        Assert.That(restriction.GetProperty("creditor").GetString(), Is.EqualTo("Cartório 2º Ofício"));

        host.Dunning.MoveTo(host.App.Clock.GetUtcNow().AddHours(20));
        await host.SignInAsync();
        var second = await (await host.LookUpAsync(debt.DebtorId, "negotiation")).JsonAsync();
        Assert.That(second.GetProperty("cached").GetBoolean(), Is.True);
        Assert.That(second.Money("cost"), Is.Zero);
        Assert.That(second.GetProperty("cachedFrom").GetGuid(), Is.EqualTo(first.GetProperty("id").GetGuid()));
        Assert.That(second.GetProperty("score").GetInt32(), Is.EqualTo(612), "the same answer");
        Assert.That(host.Bureau.LookupsOf(cpf), Is.EqualTo(1), "the bureau was asked (and paid) once");
        Assert.That(host.Bureau.Violations, Is.Empty);
        Assert.That(host.Bureau.TokensIssued, Is.EqualTo(1), "the token is kept until it expires");

        var list = await (await host.Agent.GetAsync($"/api/v1/debtors/{debt.DebtorId}/bureau-lookups")).JsonAsync();
        Assert.That(list.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("purpose").GetString()), Is.EqualTo(new[] { "negotiation", "collection" }));
        var settings = await (await host.Supervisor.GetAsync($"/api/v1/portfolios/{await host.Dunning.PortfolioIdAsync()}/bureau-settings")).JsonAsync();
        Assert.That(settings.Money("spentThisMonth"), Is.EqualTo(3.50m), "charged once");

        // A day later the cache is over: a new lookup is paid.
        host.Dunning.MoveTo(host.App.Clock.GetUtcNow().AddHours(5));
        await host.SignInAsync();
        var third = await (await host.LookUpAsync(debt.DebtorId)).JsonAsync();
        Assert.That(third.GetProperty("cached").GetBoolean(), Is.False);
        Assert.That(host.Bureau.LookupsOf(cpf), Is.EqualTo(2));

        // The lookups are the debtor's personal data: in the data-subject report.
        var admin = await host.App.AdminAsync();
        var report = await (await admin.GetAsync($"/api/v1/lgpd/data-subjects/{cpf}")).JsonAsync();
        Assert.That(report.ToString(), Does.Contain("Consultas ao birô de crédito").And.Contain("Cartório 2º Ofício"));
    }

    [Test]
    public async Task A_lookup_beyond_the_portfolios_monthly_budget_is_refused_with_a_problem_naming_the_portfolio()
    {
        await using var host = await BureauHost.StartAsync();
        var first = TestData.Cpf();
        var second = TestData.Cpf();
        host.Bureau.Answers[first] = Clean(500);
        host.Bureau.Answers[second] = Clean(700);
        var a = await host.DebtAsync(first);
        var b = await host.DebtAsync(second);
        var portfolioId = await host.Dunning.PortfolioIdAsync();
        var saved = await host.SettingsAsync(portfolioId, monthlyBudget: 5.00m);
        Assert.That(saved.Money("monthlyBudget"), Is.EqualTo(5.00m));

        (await host.LookUpAsync(a.DebtorId)).EnsureSuccessStatusCode();
        var refused = await (await host.LookUpAsync(b.DebtorId)).AssertProblemAsync(HttpStatusCode.UnprocessableEntity);
        Assert.That(refused.GetProperty("type").GetString(), Does.EndWith("/bureau-budget-exceeded"));
        Assert.That(refused.GetProperty("detail").GetString(), Does.Contain("varejo").And.Contain("R$ 5,00").And.Contain("R$ 3,50"));
        Assert.That(refused.GetProperty("portfolioCode").GetString(), Is.EqualTo("varejo"));
        Assert.That(refused.Money("spent"), Is.EqualTo(3.50m));
        var portuguese = await (await host.LookUpAsync(b.DebtorId, language: "pt-BR")).AssertProblemAsync(HttpStatusCode.UnprocessableEntity);
        Assert.That(portuguese.GetProperty("detail").GetString(), Does.StartWith("O orçamento mensal de consultas ao birô da carteira varejo"));
        Assert.That(host.Bureau.LookupsOf(second), Is.Zero, "nothing was asked, nothing paid");

        // The cached answer of the first debtor costs nothing and is still served.
        var cached = await (await host.LookUpAsync(a.DebtorId)).JsonAsync();
        Assert.That(cached.GetProperty("cached").GetBoolean(), Is.True);

        // A bigger budget lets the lookup through; an invalid purpose is a 400.
        await host.SettingsAsync(portfolioId, monthlyBudget: 10.00m);
        (await host.LookUpAsync(b.DebtorId)).EnsureSuccessStatusCode();
        var invalid = await (await host.LookUpAsync(b.DebtorId, "curiosity")).AssertProblemAsync(HttpStatusCode.BadRequest);
        Assert.That(invalid.ErrorsFor("purpose"), Is.Not.Empty);
    }

    [Test]
    public async Task Bureau_contacts_are_added_with_their_source_never_over_the_creditors_nor_an_opted_out_or_wrong_number()
    {
        await using var host = await BureauHost.StartAsync();
        var cpf = TestData.Cpf();
        const string creditorPhone = "+5511987654321";
        const string optedOut = "+5511911112222";
        const string found = "+5521933334444";
        var debt = await host.DebtAsync(cpf, phones: [creditorPhone, optedOut], emails: ["maria@example.com"]);
        var before = await host.ContactsAsync(debt.DebtorId);
        var optedOutId = before.Single(c => c.GetProperty("value").GetString() == optedOut).GetProperty("id").GetGuid();
        (await host.Agent.PostAsJsonAsync($"/api/v1/debtors/{debt.DebtorId}/contacts/{optedOutId}/opt-out", new { reason = "pediu por telefone" }))
            .EnsureSuccessStatusCode();
        host.Bureau.Answers[cpf] = Clean(480,
            new { tipo = "telefone", valor = "(11) 98765-4321" }, new { tipo = "telefone", valor = optedOut }, new { tipo = "telefone", valor = found },
            new { tipo = "email", valor = "Maria.Nova@Example.com" }, new { tipo = "email", valor = "maria@example.com" });

        (await host.LookUpAsync(debt.DebtorId, "skip_tracing")).EnsureSuccessStatusCode();
        JsonElement[] contacts = [];
        await RecoveryApp.EventuallyAsync(async () => (contacts = await host.ContactsAsync(debt.DebtorId)).Length == 5, "the bureau's contacts added");
        string SourceOf(string value) => contacts.Single(c => c.GetProperty("value").GetString() == value).GetProperty("source").GetString()!;
        Assert.That(SourceOf(found), Is.EqualTo("bureau"));
        Assert.That(SourceOf("maria.nova@example.com"), Is.EqualTo("bureau"));
        Assert.That(SourceOf(creditorPhone), Is.EqualTo("creditor"), "the creditor's contact is not replaced");
        Assert.That(SourceOf(optedOut), Is.EqualTo("creditor"));
        Assert.That(contacts.Single(c => c.GetProperty("value").GetString() == optedOut).GetProperty("optedOutAt").ValueKind, Is.Not.EqualTo(JsonValueKind.Null),
            "an opted-out contact stays opted out: the bureau does not bring it back");
        var timeline = (await (await host.Agent.GetAsync($"/api/v1/debtors/{debt.DebtorId}/timeline")).JsonAsync()).GetProperty("items").EnumerateArray();
        Assert.That(timeline.Any(e => e.GetProperty("kind").GetString() == "enrichment" && e.GetProperty("text").GetString()!.Contains("2 contato(s) novo(s)")));

        // "Número errado" on a call marks the bureau's phone invalid; the next lookup does not add it again.
        var call = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/debtors/{debt.DebtorId}/calls") { Content = JsonContent.Create(new { phone = found, outcome = "wrong_number" }) };
        (await host.Agent.SendAsync(call)).EnsureSuccessStatusCode();
        await RecoveryApp.EventuallyAsync(async () =>
                (await host.ContactsAsync(debt.DebtorId)).Single(c => c.GetProperty("value").GetString() == found).GetProperty("valid").GetBoolean() == false,
            "the wrong number marked invalid");
        host.Dunning.MoveTo(host.App.Clock.GetUtcNow().AddDays(2));
        await host.SignInAsync();
        (await host.LookUpAsync(debt.DebtorId, "skip_tracing")).EnsureSuccessStatusCode();
        await RecoveryApp.EventuallyAsync(async () => await host.App.WithConnectionAsync("debtors", c => c.ExecuteScalarAsync<int>(
            "SELECT COUNT(*) FROM debtors.interaction WHERE debtor_id = @Id AND kind = 'enrichment'", new { Id = debt.DebtorId.ToString() })) == 2, "the second enrichment");
        var after = await host.ContactsAsync(debt.DebtorId);
        Assert.That(after, Has.Length.EqualTo(5), "nothing added twice");
        var wrong = after.Single(c => c.GetProperty("value").GetString() == found);
        Assert.That(wrong.GetProperty("valid").GetBoolean(), Is.False);
        Assert.That(wrong.GetProperty("invalidReason").GetString(), Is.EqualTo("wrong_number"));
    }

    [Test]
    public async Task A_new_debtor_in_a_portfolio_with_lookups_at_placement_is_looked_up_once_by_the_placement_job()
    {
        await using var host = await BureauHost.StartAsync(new() { ["Bureau:PlacementInterval"] = "1.00:00:00" });
        var first = TestData.Cpf();
        host.Bureau.Answers[first] = Clean(650, new { tipo = "email", valor = "achado@example.com" });
        var seed = await host.DebtAsync(TestData.Cpf());   // creates the portfolio, before lookups at placement are on
        await host.SettingsAsync(await host.Dunning.PortfolioIdAsync(), autoLookup: true);

        var debt = await host.DebtAsync(first);
        await host.DebtAsync(first);   // a second debt of the same debtor is not a new debtor in the portfolio
        var admin = await host.App.AdminAsync();
        var outcome = (await (await admin.PostAsync("/api/v1/admin/jobs/bureau-placement/runs", null)).JsonAsync()).GetProperty("outcome").GetString();
        Assert.That(outcome, Does.StartWith("1 looked up"));
        Assert.That(host.Bureau.LookupsOf(first), Is.EqualTo(1));
        Assert.That(host.Bureau.Lookups.Single()["finalidade"]!.GetValue<string>(), Is.EqualTo("placement"));
        var lookups = await (await host.Agent.GetAsync($"/api/v1/debtors/{debt.DebtorId}/bureau-lookups")).JsonAsync();
        Assert.That(lookups.GetProperty("items")[0].GetProperty("requestedBy").GetString(), Is.EqualTo("régua de consulta na entrada"));
        await RecoveryApp.EventuallyAsync(async () => (await host.ContactsAsync(debt.DebtorId)).Any(c => c.GetProperty("value").GetString() == "achado@example.com"),
            "the contact found at placement");
        outcome = (await (await admin.PostAsync("/api/v1/admin/jobs/bureau-placement/runs", null)).JsonAsync()).GetProperty("outcome").GetString();
        Assert.That(outcome, Does.StartWith("0 looked up"), "done once");
        Assert.That(host.Bureau.LookupsOf(first), Is.EqualTo(1));
        _ = seed;
    }

    [Test]
    public async Task A_phone_the_provider_reports_undeliverable_is_marked_invalid_and_not_added_again_by_the_bureau()
    {
        await using var host = await BureauHost.StartAsync();
        var cpf = TestData.Cpf();
        const string phone = "+5511955556666";
        var debt = await host.DebtAsync(cpf, phones: [phone]);
        await host.Dunning.TemplateAsync(host.Supervisor, "sms-aviso", "sms", "{{nome}}, consta em aberto {{valor}}. {{credor}} CNPJ {{cnpj_credor}}");
        (await host.Agent.PostAsJsonAsync($"/api/v1/debtors/{debt.DebtorId}/messages", new { template = "sms-aviso", invoiceId = debt.InvoiceId }))
            .EnsureSuccessStatusCode();
        await Dunning.MessageAsync(host.Agent, debt.DebtorId, m => m.GetProperty("status").GetString() == "sent", "the SMS sent");
        var providerId = host.Dunning.Provider.Received.Count.ToString();
        var callback = new HttpRequestMessage(HttpMethod.Post, "/api/v1/providers/sms/callbacks")
        {
            Content = JsonContent.Create(new { id = $"prov-{providerId}", status = "failed", error = "número inexistente" }),
        };
        callback.Headers.Add("X-Provider-Token", Dunning.ProviderToken);
        Assert.That((await host.App.Anonymous().SendAsync(callback)).StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
        await RecoveryApp.EventuallyAsync(async () =>
                (await host.ContactsAsync(debt.DebtorId)).Single(c => c.GetProperty("value").GetString() == phone) is var c
                && !c.GetProperty("valid").GetBoolean() && c.GetProperty("invalidReason").GetString() == "bounce",
            "the bounced phone marked invalid");

        host.Bureau.Answers[cpf] = Clean(500, new { tipo = "telefone", valor = phone });
        (await host.LookUpAsync(debt.DebtorId, "skip_tracing")).EnsureSuccessStatusCode();
        await RecoveryApp.EventuallyAsync(async () => await host.App.WithConnectionAsync("debtors", c => c.ExecuteScalarAsync<int>(
            "SELECT COUNT(*) FROM debtors.interaction WHERE debtor_id = @Id AND kind = 'enrichment'", new { Id = debt.DebtorId.ToString() })) == 1, "the enrichment");
        var contacts = await host.ContactsAsync(debt.DebtorId);
        Assert.That(contacts.Count(c => c.GetProperty("value").GetString() == phone), Is.EqualTo(1));
        Assert.That(contacts.Single(c => c.GetProperty("value").GetString() == phone).GetProperty("valid").GetBoolean(), Is.False, "not tried again");
    }
}
