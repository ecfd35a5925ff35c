using System.Net.Http.Headers;

namespace Recovery.Reporting.Tests;

/// <summary>
/// The data-subject report as a PDF to hand to the person: every section the JSON report has, every field under a pt-BR
/// label (never a stored column's name) and its value as people read it; asking for it is in the access log like the JSON.
/// </summary>
public sealed class DataSubjectPdfTests
{
    [Test]
    public async Task The_report_as_PDF_has_every_section_with_labelled_fields_and_readable_values()
    {
        await using var app = new RecoveryApp();
        var (partner, _, _) = await app.PartnerAsync();
        var cpf = TestData.Cpf();
        var invoice = await (await partner.PushAsync(Invoices.Example(document: cpf))).JsonAsync();
        var debtorId = invoice.GetProperty("debtorId").GetGuid();
        (await partner.PostAsJsonAsync($"/api/v1/partner/invoices/{invoice.GetProperty("externalId").GetString()}/payments",
            new { paymentId = "PG-LGPD-1", amount = 34.56m, paidAt = app.Today })).EnsureSuccessStatusCode();
        var agent = await app.PersonAsync("agent");
        (await agent.PostAsJsonAsync($"/api/v1/debtors/{debtorId}/notes", new { text = "Pediu negociação por WhatsApp." })).EnsureSuccessStatusCode();
        (await agent.PostAsJsonAsync($"/api/v1/debtors/{debtorId}/promises", new { amount = 50.00m, dueDate = app.Today.AddDays(3) })).EnsureSuccessStatusCode();
        (await agent.PostAsJsonAsync($"/api/v1/debtors/{debtorId}/holds",
            new { kind = "dispute", reason = "Contesta o valor", legalBasis = "CDC art. 42", endsOn = app.Today.AddDays(10) })).EnsureSuccessStatusCode();

        var auditor = await app.PersonAsync("auditor");
        var json = await (await auditor.GetAsync($"/api/v1/lgpd/data-subjects/{cpf}")).JsonAsync();
        var request = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/lgpd/data-subjects/{cpf}");
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/pdf"));
        var response = await auditor.SendAsync(request);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), await response.Content.ReadAsStringAsync());
        Assert.That(response.Content.Headers.ContentDisposition!.FileName, Does.StartWith("relatorio-de-dados-pessoais-"));
        var pdf = PdfText.Read(await response.Content.ReadAsByteArrayAsync());
        var lines = pdf.All.Split('\n').ToHashSet();
        var text = pdf.All.Replace("\n", " ");

        Assert.That(pdf.Title, Is.EqualTo("Relatório de dados pessoais (LGPD)"));
        Assert.That(pdf.FontsWithoutUnicodeMap, Is.Empty);
        Assert.That(text, Does.Contain($"Titular: CPF/CNPJ {cpf[..3]}.{cpf[3..6]}.{cpf[6..9]}-{cpf[9..]}"));
        var sections = json.GetProperty("sections").EnumerateArray().ToList();
        Assert.That(sections.Select(s => s.GetProperty("category").GetString()), Is.SupersetOf(new[] { "Cadastro", "Débitos", "Pagamentos", "Suspensões da cobrança" }));
        var fields = sections.SelectMany(s => s.GetProperty("records").EnumerateArray()).SelectMany(r => r.EnumerateObject()).ToList();
        var values = fields.Select(f => f.Value.ToString()).ToHashSet();   // a stored code ("note", an interaction's kind) may look like a column
        foreach (var section in sections) Assert.That(text, Does.Contain(section.GetProperty("category").GetString()));
        foreach (var name in fields.Select(f => f.Name).Distinct().Where(n => !values.Contains(n)))
            Assert.That(lines, Does.Not.Contain(name).And.Not.Contain(name.Replace('_', ' ')), $"the column {name} is shown under a pt-BR label");
        Assert.That(fields.Select(f => f.Name).Distinct().Count(), Is.GreaterThan(40), "a report with most of what is held");
        Assert.That(lines, Does.Contain("Renda mensal").And.Contain("R$ 3.200,00"), "monthly_income_cents, in reais");
        Assert.That(lines, Does.Contain("Data de nascimento").And.Contain("01/05/1980"));
        Assert.That(lines, Does.Contain("Relação de consumo").And.Contain("sim"));
        Assert.That(lines, Does.Contain("Identificação do pagamento").And.Contain("PG-LGPD-1").And.Contain("R$ 34,56"));
        Assert.That(text, Does.Contain("Pediu negociação por WhatsApp."));
        Assert.That(text, Does.Contain("Contesta o valor"));

        // The JSON carries the same words for the screen: each section's fields labelled, values read as the PDF prints them.
        var readable = json.GetProperty("readable").EnumerateArray().ToList();
        Assert.That(readable.Select(s => s.GetProperty("category").GetString()), Is.EqualTo(sections.Select(s => s.GetProperty("category").GetString())));
        var shown = readable.SelectMany(s => s.GetProperty("records").EnumerateArray()).SelectMany(r => r.EnumerateArray())
            .Select(f => (Column: f.GetProperty("column").GetString(), Label: f.GetProperty("label").GetString(), Value: f.GetProperty("value").GetString())).ToList();
        Assert.That(shown, Does.Contain(("monthly_income_cents", "Renda mensal", "R$ 3.200,00")));
        Assert.That(shown, Does.Contain(("birth_date", "Data de nascimento", "01/05/1980")));
        Assert.That(shown.Where(f => f.Column == "status").Select(f => f.Value), Is.Not.Empty.And.None.Matches<string>(v => v is "open" or "paid" or "active" or "pending"),
            "a status in words, not its code");
        Assert.That(shown.Where(f => f.Column == "channel").Select(f => f.Value), Does.Contain("e-mail"));

        var log = await (await auditor.GetAsync($"/api/v1/lgpd/access-log?debtorId={debtorId}")).JsonAsync();
        Assert.That(log.GetProperty("items").EnumerateArray().Count(e => e.GetProperty("action").GetString() == "DataSubjectReport"), Is.EqualTo(2),
            "the PDF is the report: asking for it is logged");

        var nobody = await auditor.GetAsync($"/api/v1/lgpd/data-subjects/{TestData.Cpf()}?format=pdf");
        Assert.That(PdfText.Read(await nobody.Content.ReadAsByteArrayAsync()).All, Does.Contain("Não mantemos nenhum dado pessoal sobre este CPF/CNPJ."));
        await (await agent.GetAsync($"/api/v1/lgpd/data-subjects/{cpf}?format=pdf")).AssertProblemAsync(HttpStatusCode.Forbidden);
    }
}
