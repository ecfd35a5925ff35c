namespace Recovery.Reporting.Tests;

/// <summary>
/// LGPD as an auditor meets it: the data-subject report of a CPF with every section's source and legal basis, the
/// access log of full-data views, the audit trail exported as CSV and verified.
/// </summary>
public sealed class LgpdTests
{
    [Test]
    public async Task The_data_subject_report_shows_everything_held_and_every_full_view_is_in_the_access_log()
    {
        await using var app = new RecoveryApp();
        var (partner, _, _) = await app.PartnerAsync();
        var cpf = TestData.Cpf();
        var body = Invoices.Example(document: cpf);
        var invoice = await (await partner.PushAsync(body)).JsonAsync();
        var debtorId = invoice.GetProperty("debtorId").GetGuid();
        var externalId = invoice.GetProperty("externalId").GetString()!;
        var agent = await app.PersonAsync("agent");
        (await agent.PostAsJsonAsync($"/api/v1/debtors/{debtorId}/promises", new { amount = 50.00m, dueDate = app.Today.AddDays(3) })).EnsureSuccessStatusCode();
        var revealed = await (await agent.GetAsync($"/api/v1/debtors/{debtorId}?reveal=true")).JsonAsync();
        Assert.That(revealed.GetProperty("documentRevealed").GetBoolean(), Is.True);
        var masked = await (await agent.GetAsync($"/api/v1/debtors/{debtorId}")).JsonAsync();
        Assert.That(masked.GetProperty("document").GetString(), Does.StartWith("***."), "masked unless asked");

        var auditor = await app.PersonAsync("auditor");
        var formatted = $"{cpf[..3]}.{cpf[3..6]}.{cpf[6..9]}-{cpf[9..]}";
        var report = await (await auditor.GetAsync($"/api/v1/lgpd/data-subjects/{formatted}")).JsonAsync();
        Assert.That(report.GetProperty("found").GetBoolean(), Is.True);
        Assert.That(report.GetProperty("debtorId").GetGuid(), Is.EqualTo(debtorId));
        var sections = report.GetProperty("sections").EnumerateArray().ToDictionary(s => s.GetProperty("category").GetString()!);
        Assert.That(sections.Keys, Is.SupersetOf(new[] { "Cadastro", "Endereço", "Débitos", "Promessas de pagamento", "Mensagens", "Operações e acessos aos dados do titular" }));
        Assert.That(sections.Values.All(s => s.GetProperty("legalBasis").GetString()!.Contains("LGPD art.")), Is.True, "every section says why it is held");
        Assert.That(sections.Values.All(s => s.GetProperty("source").GetString()!.Length > 0), Is.True);
        var person = sections["Cadastro"].GetProperty("records")[0];
        Assert.That(person.GetProperty("document").GetString(), Is.EqualTo(cpf));
        Assert.That(person.GetProperty("name").GetString(), Is.EqualTo(body["debtor"]!["name"]!.GetValue<string>()));
        Assert.That(sections["Débitos"].GetProperty("records").EnumerateArray().Select(r => r.GetProperty("external_id").GetString()), Is.EqualTo(new[] { externalId }));
        Assert.That(sections["Promessas de pagamento"].GetProperty("records").GetArrayLength(), Is.EqualTo(1));
        Assert.That(sections["Operações e acessos aos dados do titular"].GetProperty("records").EnumerateArray().Select(r => r.GetProperty("action").GetString()),
            Does.Contain("ViewFullPersonalData"));

        var nobody = await (await auditor.GetAsync($"/api/v1/lgpd/data-subjects/{TestData.Cpf()}")).JsonAsync();
        Assert.That(nobody.GetProperty("found").GetBoolean(), Is.False);
        Assert.That(nobody.GetProperty("sections").GetArrayLength(), Is.Zero);
        var bad = await (await auditor.GetAsync("/api/v1/lgpd/data-subjects/123.456.789-00")).AssertProblemAsync(HttpStatusCode.BadRequest);
        Assert.That(bad.ErrorsFor("document"), Is.Not.Empty);
        await (await agent.GetAsync($"/api/v1/lgpd/data-subjects/{cpf}")).AssertProblemAsync(HttpStatusCode.Forbidden);

        // The access log: the agent's reveal and the auditor's report, nothing else.
        var log = await (await auditor.GetAsync($"/api/v1/lgpd/access-log?debtorId={debtorId}")).JsonAsync();
        var views = log.GetProperty("items").EnumerateArray().Select(e => (e.GetProperty("action").GetString(), e.GetProperty("actorName").GetString())).ToList();
        Assert.That(views, Is.EqualTo(new[] { ("DataSubjectReport", app.EmailOf(auditor)), ("ViewFullPersonalData", app.EmailOf(agent)) }));

        // The whole trail as CSV: every entry the JSON pages show, oldest first, and the chain verifies.
        var page = await (await auditor.GetAsync("/api/v1/audit?limit=500")).JsonAsync();
        var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/audit?dialect=en");
        request.Headers.Accept.ParseAdd("text/csv");
        var csv = await auditor.SendAsync(request);
        Assert.That(csv.Content.Headers.ContentType!.MediaType, Is.EqualTo("text/csv"));
        var lines = (await csv.Content.ReadAsStringAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.That(lines[0], Does.StartWith("seq,id,occurred_at,recorded_at,actor_kind"));
        var ids = page.GetProperty("items").EnumerateArray().Select(e => e.GetProperty("id").GetString()!).Reverse().ToList();
        Assert.That(lines.Skip(1).Select(l => l.Split(',')[1]).Take(ids.Count), Is.EqualTo(ids));
        var verified = await (await auditor.GetAsync("/api/v1/audit/verify")).JsonAsync();
        Assert.That(verified.GetProperty("valid").GetBoolean(), Is.True);
        Assert.That(verified.GetProperty("entries").GetInt64(), Is.GreaterThanOrEqualTo(ids.Count));
    }
}
