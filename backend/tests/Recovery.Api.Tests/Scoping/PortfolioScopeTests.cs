using System.Net.Http.Headers;
using System.Text.Json.Nodes;

namespace Recovery.Api.Tests.Scoping;

/// <summary>
/// An agent limited to one portfolio (ADR 0026): every route of the served OpenAPI document that names a debtor, an
/// agreement or a message answers 404 for another portfolio's, as for one that does not exist, and the lists leave
/// them out. A new route must be scoped or listed here as not debtor-specific, or this test fails.
/// </summary>
[NonParallelizable]
public sealed class PortfolioScopeTests
{
    /// <summary>Route values that name a resource the scope guards, by the path's shape.</summary>
    private static readonly (string Pattern, string Kind)[] Scoped =
    [
        ("/api/v1/debtors/{debtorId}", "debtor"),
        ("/api/v1/debtors/{id}", "debtor"),
        ("/api/v1/agreements/{id}", "agreement"),
        ("/api/v1/communication/letters/{messageId}", "message"),
        ("/api/v1/communication/calls/{messageId}", "message"),
        ("/api/v1/analytics/debts/{invoiceId}", "invoice"),
    ];

    /// <summary>Agent-facing operations that list debtors or name debts in their body: checked one by one below.</summary>
    private static readonly string[] ListsAndBodies =
    [
        "GET /api/v1/debtors", "GET /api/v1/work-queue", "GET /api/v1/agreements", "POST /api/v1/agreements",
        "POST /api/v1/negotiations/simulate", "GET /api/v1/debtors/assignments", "POST /api/v1/debtors/assignments",
        "GET /api/v1/debtors/assignments/agents", "GET /api/v1/communication/calls", "GET /api/v1/communication/letters",
        "GET /api/v1/communication/negativacoes",
    ];

    /// <summary>What is not about a debtor: configuration, the caller's own data, other callers' surfaces.</summary>
    private static readonly string[] NotDebtorSpecific =
    [
        "/api/v1/admin/", "/api/v1/auth/", "/api/v1/audit", "/api/v1/lgpd/", "/api/v1/partner/", "/api/v1/portal/", "/api/v1/providers/",
        "/api/v1/reports/", "/api/v1/indices/", "/api/v1/portfolios", "/api/v1/communication/templates", "/api/v1/communication/runs",
        "/api/v1/escalation/", "/api/v1/analytics/models/",
    ];

    private RecoveryApp _app = null!;

    [OneTimeSetUp] public void Start() => _app = new RecoveryApp();
    [OneTimeTearDown] public async Task Stop() => await _app.DisposeAsync();

    private sealed record Debt(Guid InvoiceId, Guid DebtorId);

    private async Task<Debt> PushAsync(HttpClient partner, string portfolio, string document, int daysLate = 20, decimal amount = 1000m)
    {
        var body = JsonNode.Parse($$"""
            { "externalId": "SC-{{Guid.NewGuid():N}}", "portfolio": "{{portfolio}}",
              "debtor": { "document": "{{document}}", "name": "Devedor {{portfolio}}", "emails": ["d@example.com"], "phones": ["+5511987654321"],
                          "address": { "street": "Rua A", "number": "1", "district": "Centro", "city": "São Paulo", "state": "SP", "postalCode": "01310-100" } },
              "amount": {{amount.ToString(System.Globalization.CultureInfo.InvariantCulture)}}, "dueDate": "{{_app.Today.AddDays(-daysLate):yyyy-MM-dd}}",
              "terms": { "finePercent": 2.0, "monthlyInterestPercent": 1.0, "correctionIndex": "IPCA" }, "consumer": true }
            """)!;
        var response = await partner.PostAsJsonAsync("/api/v1/partner/invoices", body);
        Assert.That(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        var invoice = await response.JsonAsync();
        return new Debt(invoice.GetProperty("id").GetGuid(), invoice.GetProperty("debtorId").GetGuid());
    }

    [Test]
    public async Task A_scoped_agent_gets_404_for_another_portfolios_debtor_on_every_route_and_lists_omit_it()
    {
        var (partner, _, _) = await _app.PartnerAsync();
        var mine = await PushAsync(partner, "varejo", TestData.Cpf());
        var theirs = await PushAsync(partner, "cartao", TestData.Cpf());
        var bothDocument = TestData.Cpf();
        var both = await PushAsync(partner, "varejo", bothDocument);
        var bothOther = await PushAsync(partner, "cartao", bothDocument, amount: 777m);
        Assert.That(bothOther.DebtorId, Is.EqualTo(both.DebtorId));

        var admin = await _app.AdminAsync();
        var portfolios = (await (await admin.GetAsync("/api/v1/portfolios")).JsonAsync()).GetProperty("items").EnumerateArray()
            .ToDictionary(p => p.GetProperty("code").GetString()!, p => p.GetProperty("id").GetGuid());
        (await admin.PutAsJsonAsync("/api/v1/communication/templates/aviso",
            new { channel = "email", subject = "Aviso", body = "<p>{{nome}}: {{valor}}</p><p>{{credor}} CNPJ {{cnpj_credor}}</p>" })).EnsureSuccessStatusCode();
        HttpResponseMessage? sent = null;
        await RecoveryApp.EventuallyAsync(async () =>
            (sent = await admin.PostAsJsonAsync($"/api/v1/debtors/{theirs.DebtorId}/messages", new { template = "aviso" })).IsSuccessStatusCode,
            "Communication to know the debtor");
        var message = await sent!.JsonAsync();
        var agreementResponse = await admin.PostAsJsonAsync("/api/v1/agreements", new
        {
            debtorId = theirs.DebtorId, invoiceIds = new[] { theirs.InvoiceId }, downPayment = 200.00m, installments = 2,
            firstDueDate = _app.Today.AddDays(20).ToString("yyyy-MM-dd"), discountPercent = 0m,
        });
        Assert.That(agreementResponse.IsSuccessStatusCode, await agreementResponse.Content.ReadAsStringAsync());
        var agreement = (await agreementResponse.JsonAsync()).GetProperty("id").GetGuid();

        var agent = await _app.PersonAsync("agent", "Agente Varejo");
        var agentId = (await (await agent.GetAsync("/api/v1/auth/me")).JsonAsync()).GetProperty("id").GetGuid();
        Assert.That((await agent.GetAsync($"/api/v1/debtors/{theirs.DebtorId}")).StatusCode, Is.EqualTo(HttpStatusCode.OK), "no limit yet");

        var set = await admin.PutAsJsonAsync($"/api/v1/admin/users/{agentId}/portfolios", new { portfolioIds = new[] { portfolios["varejo"] } });
        Assert.That(set.StatusCode, Is.EqualTo(HttpStatusCode.OK), await set.Content.ReadAsStringAsync());
        var readBack = await (await admin.GetAsync($"/api/v1/admin/users/{agentId}/portfolios")).JsonAsync();
        Assert.That(readBack.GetProperty("portfolioIds").EnumerateArray().Select(p => p.GetGuid()), Is.EqualTo(new[] { portfolios["varejo"] }));
        var listed = (await (await admin.GetAsync("/api/v1/admin/users")).JsonAsync()).GetProperty("items").EnumerateArray()
            .Single(u => u.GetProperty("id").GetGuid() == agentId);
        Assert.That(listed.GetProperty("portfolioIds").GetArrayLength(), Is.EqualTo(1));

        // The same session, its next request: the limit holds at once.
        var denied = await agent.GetAsync($"/api/v1/debtors/{theirs.DebtorId}");
        Assert.That(denied.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        var problem = JsonDocument.Parse(await denied.Content.ReadAsStringAsync()).RootElement;
        var unknown = JsonDocument.Parse(await (await agent.GetAsync($"/api/v1/debtors/{Guid.NewGuid()}")).Content.ReadAsStringAsync()).RootElement;
        Assert.That(problem.GetProperty("type").GetString(), Is.EqualTo(unknown.GetProperty("type").GetString()), "told like a debtor that does not exist");

        // A supervisor limited the same way, for the routes agents may not call at all.
        var supervisor = await _app.PersonAsync("supervisor");
        var supervisorId = (await (await supervisor.GetAsync("/api/v1/auth/me")).JsonAsync()).GetProperty("id").GetGuid();
        (await admin.PutAsJsonAsync($"/api/v1/admin/users/{supervisorId}/portfolios", new { portfolioIds = new[] { portfolios["varejo"] } })).EnsureSuccessStatusCode();

        var ids = new Dictionary<string, Guid> { ["debtor"] = theirs.DebtorId, ["invoice"] = theirs.InvoiceId, ["agreement"] = agreement, ["message"] = message.GetProperty("id").GetGuid() };
        var document = JsonNode.Parse(await _app.Anonymous().GetStringAsync("/swagger/v1/swagger.json"))!;
        var unclassified = new List<string>();
        var failures = new List<string>();
        var checkedRoutes = 0;
        foreach (var (path, item) in document["paths"]!.AsObject())
        foreach (var (method, _) in item!.AsObject().Where(o => o.Key != "parameters"))
        {
            var name = $"{method.ToUpperInvariant()} {path}";
            var scoped = Scoped.FirstOrDefault(s => path.StartsWith(s.Pattern, StringComparison.Ordinal) && (path.Length == s.Pattern.Length || path[s.Pattern.Length] == '/'));
            if (scoped.Pattern is null)
            {
                if (!ListsAndBodies.Contains(name) && !NotDebtorSpecific.Any(p => path.StartsWith(p, StringComparison.Ordinal))) unclassified.Add(name);
                continue;
            }
            checkedRoutes++;
            var url = Fill(path, scoped.Pattern, ids[scoped.Kind]);
            HttpRequestMessage Request()
            {
                var request = new HttpRequestMessage(new HttpMethod(method.ToUpperInvariant()), url);
                if (method is "post" or "put") request.Content = new StringContent("{}", System.Text.Encoding.UTF8, "application/json");
                return request;
            }
            var response = await agent.SendAsync(Request());
            if (response.StatusCode == HttpStatusCode.Forbidden) response = await supervisor.SendAsync(Request());
            if (response.StatusCode != HttpStatusCode.NotFound)
                failures.Add($"{name}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");

            // The same route for the agent's own debtor is not a 404 (the guard is the scope, not the route).
            if (scoped.Kind == "debtor" && method == "get" && path.Count(c => c == '{') == 1)
            {
                var ownResponse = await agent.GetAsync(Fill(path, scoped.Pattern, mine.DebtorId));
                if (ownResponse.StatusCode == HttpStatusCode.NotFound) failures.Add($"{name} for the agent's own debtor: 404");
            }
        }
        Assert.That(unclassified, Is.Empty, "routes neither scoped nor listed as not debtor-specific: scope them (ScopedTo) or list them here");
        Assert.That(failures, Is.Empty, string.Join("\n", failures));
        Assert.That(checkedRoutes, Is.GreaterThanOrEqualTo(25));

        // Lists leave the other portfolio out; the debtor with debts in both shows only the agent's.
        var search = await (await agent.GetAsync("/api/v1/debtors?query=Devedor")).JsonAsync();
        var found = search.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetGuid()).ToList();
        Assert.That(found, Does.Contain(mine.DebtorId).And.Contain(both.DebtorId).And.Not.Contain(theirs.DebtorId));
        var view = await (await agent.GetAsync($"/api/v1/debtors/{both.DebtorId}")).JsonAsync();
        Assert.That(view.GetProperty("invoices").EnumerateArray().Select(i => i.GetProperty("id").GetGuid()), Is.EqualTo(new[] { both.InvoiceId }));
        var valuation = await agent.GetAsync($"/api/v1/debtors/{both.DebtorId}/valuation");
        Assert.That(await valuation.Content.ReadAsStringAsync(), Does.Not.Contain(bothOther.InvoiceId.ToString()));

        var agreements = await (await agent.GetAsync("/api/v1/agreements")).JsonAsync();
        Assert.That(agreements.GetProperty("items").EnumerateArray().Select(a => a.GetProperty("id").GetGuid()), Does.Not.Contain(agreement));
        Assert.That((await (await admin.GetAsync("/api/v1/agreements")).JsonAsync()).GetProperty("items").EnumerateArray()
            .Select(a => a.GetProperty("id").GetGuid()), Does.Contain(agreement), "the administrator is never limited");

        // Naming the other portfolio's debt in a body: 404.
        var simulate = await agent.PostAsJsonAsync("/api/v1/negotiations/simulate", new
        {
            debtorId = both.DebtorId, invoiceIds = new[] { both.InvoiceId, bothOther.InvoiceId }, downPayment = 100m, installments = 2,
            firstDueDate = _app.Today.AddDays(20).ToString("yyyy-MM-dd"), discountPercent = 0m,
        });
        Assert.That(simulate.StatusCode, Is.EqualTo(HttpStatusCode.NotFound), await simulate.Content.ReadAsStringAsync());
        var create = await agent.PostAsJsonAsync("/api/v1/agreements", new
        {
            debtorId = theirs.DebtorId, invoiceIds = new[] { theirs.InvoiceId }, downPayment = 200m, installments = 2,
            firstDueDate = _app.Today.AddDays(20).ToString("yyyy-MM-dd"), discountPercent = 0m,
        });
        Assert.That(create.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        var own = await agent.PostAsJsonAsync("/api/v1/negotiations/simulate", new
        {
            debtorId = both.DebtorId, invoiceIds = new[] { both.InvoiceId }, downPayment = 100m, installments = 2,
            firstDueDate = _app.Today.AddDays(20).ToString("yyyy-MM-dd"), discountPercent = 0m,
        });
        Assert.That(own.StatusCode, Is.EqualTo(HttpStatusCode.OK), await own.Content.ReadAsStringAsync());

        // A scoped supervisor: assignments, holders and the assignment command see only their portfolio.
        var assignments = await (await supervisor.GetAsync("/api/v1/debtors/assignments")).JsonAsync();
        var rows = assignments.GetProperty("items").EnumerateArray().ToList();
        Assert.That(rows.Select(r => r.GetProperty("debtorId").GetGuid()), Does.Contain(mine.DebtorId).And.Not.Contain(theirs.DebtorId));
        Assert.That(rows.SelectMany(r => r.GetProperty("debts").EnumerateArray()).Select(d => d.GetProperty("invoiceId").GetGuid()),
            Does.Not.Contain(bothOther.InvoiceId));
        var assign = await supervisor.PostAsJsonAsync("/api/v1/debtors/assignments", new { agentId, invoiceIds = new[] { bothOther.InvoiceId } });
        Assert.That(assign.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        (await supervisor.PostAsJsonAsync("/api/v1/debtors/assignments", new { agentId, invoiceIds = new[] { mine.InvoiceId, both.InvoiceId } })).EnsureSuccessStatusCode();
        (await admin.PostAsJsonAsync("/api/v1/debtors/assignments", new { agentId, invoiceIds = new[] { bothOther.InvoiceId } })).EnsureSuccessStatusCode();
        var queue = await (await agent.GetAsync("/api/v1/work-queue")).JsonAsync();
        var queued = queue.GetProperty("items").EnumerateArray().SelectMany(i => i.GetProperty("invoiceIds").EnumerateArray()).Select(i => i.GetGuid()).ToList();
        Assert.That(queued, Is.EquivalentTo(new[] { mine.InvoiceId, both.InvoiceId }), "a debt of another portfolio held by the agent stays out of their queue");

        // An empty list lifts the limit, from the next request on.
        (await admin.PutAsJsonAsync($"/api/v1/admin/users/{agentId}/portfolios", new { portfolioIds = Array.Empty<Guid>() })).EnsureSuccessStatusCode();
        Assert.That((await agent.GetAsync($"/api/v1/debtors/{theirs.DebtorId}")).StatusCode, Is.EqualTo(HttpStatusCode.OK));
        // Administrators and auditors cannot be limited.
        var adminId = (await (await admin.GetAsync("/api/v1/auth/me")).JsonAsync()).GetProperty("id").GetGuid();
        var refused = await admin.PutAsJsonAsync($"/api/v1/admin/users/{adminId}/portfolios", new { portfolioIds = new[] { portfolios["varejo"] } });
        Assert.That((int)refused.StatusCode, Is.EqualTo(400));
    }

    [Test]
    public async Task A_supervisor_who_owns_a_team_sees_their_team_and_its_queues()
    {
        var admin = await _app.AdminAsync();
        var supervisor = await _app.PersonAsync("supervisor", "Sara Supervisora");
        var inTeam = await _app.PersonAsync("agent", "Ivo Da Equipe");
        var outside = await _app.PersonAsync("agent", "Otto De Fora");
        async Task<Guid> IdOf(HttpClient c) => (await (await c.GetAsync("/api/v1/auth/me")).JsonAsync()).GetProperty("id").GetGuid();
        var (supervisorId, inTeamId, outsideId) = (await IdOf(supervisor), await IdOf(inTeam), await IdOf(outside));

        var created = await admin.PostAsJsonAsync("/api/v1/admin/teams", new { name = "Equipe " + Guid.NewGuid().ToString("N")[..6], supervisorId });
        Assert.That(created.StatusCode, Is.EqualTo(HttpStatusCode.Created), await created.Content.ReadAsStringAsync());
        var teamId = (await created.JsonAsync()).GetProperty("id").GetGuid();
        Assert.That((await admin.PutAsJsonAsync($"/api/v1/admin/users/{inTeamId}/team", new { teamId })).StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
        var users = (await (await admin.GetAsync("/api/v1/admin/users")).JsonAsync()).GetProperty("items").EnumerateArray()
            .ToDictionary(u => u.GetProperty("id").GetGuid());
        Assert.That(users[inTeamId].GetProperty("teamId").GetGuid(), Is.EqualTo(teamId));
        var teams = (await (await admin.GetAsync("/api/v1/admin/teams")).JsonAsync()).GetProperty("items").EnumerateArray()
            .Single(t => t.GetProperty("id").GetGuid() == teamId);
        Assert.That(teams.GetProperty("members").GetInt32(), Is.EqualTo(1));

        var holders = (await (await supervisor.GetAsync("/api/v1/debtors/assignments/agents")).JsonAsync()).GetProperty("agents").EnumerateArray()
            .Select(a => a.GetProperty("agentId").GetGuid()).ToList();
        Assert.That(holders, Does.Contain(inTeamId).And.Not.Contain(outsideId));
        Assert.That((await supervisor.GetAsync($"/api/v1/work-queue?agentId={inTeamId}")).StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That((await supervisor.GetAsync($"/api/v1/work-queue?agentId={outsideId}")).StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That((await inTeam.GetAsync($"/api/v1/work-queue?agentId={outsideId}")).StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));

        // The dashboard's lines per agent: the team's only, for its supervisor; everyone's for an administrator.
        var (partner, _, _) = await _app.PartnerAsync();
        var debt = await PushAsync(partner, "equipe", TestData.Cpf());
        foreach (var agent in new[] { inTeam, outside })
            (await agent.PostAsJsonAsync($"/api/v1/debtors/{debt.DebtorId}/promises",
                new { amount = 50.00m, dueDate = _app.Today.AddDays(3).ToString("yyyy-MM-dd") })).EnsureSuccessStatusCode();
        var (inTeamEmail, outsideEmail) = (_app.EmailOf(inTeam), _app.EmailOf(outside));
        await RecoveryApp.EventuallyAsync(async () =>
        {
            var lines = (await (await admin.GetAsync("/api/v1/reports/dashboard")).JsonAsync()).GetProperty("agents").EnumerateArray()
                .Select(a => a.GetProperty("agent").GetString()).ToList();
            return lines.Contains(inTeamEmail) && lines.Contains(outsideEmail);
        }, "both promises on the dashboard");
        var seen = (await (await supervisor.GetAsync("/api/v1/reports/dashboard")).JsonAsync()).GetProperty("agents").EnumerateArray()
            .Select(a => a.GetProperty("agent").GetString()).ToList();
        Assert.That(seen, Does.Contain(inTeamEmail).And.Not.Contain(outsideEmail));
    }

    private static string Fill(string path, string pattern, Guid id)
    {
        var value = pattern[(pattern.LastIndexOf('{'))..];
        var filled = path.Replace(value, id.ToString());
        // Other path values (a hold, a contact, an installment, a format) get values of their shape.
        return System.Text.RegularExpressions.Regex.Replace(filled, @"\{(\w+)\}", m => m.Groups[1].Value switch
        {
            "number" => "1",
            "format" => "png",
            _ => Guid.NewGuid().ToString(),
        });
    }
}
