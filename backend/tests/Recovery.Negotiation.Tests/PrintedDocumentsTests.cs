using System.Net.Http.Headers;
using System.Text;
using Recovery.BuildingBlocks;

namespace Recovery.Negotiation.Tests;

/// <summary>
/// The terms of agreement and the debtor's statement as PDFs, through HTTP: opened and read as a viewer reads them, they
/// say the creditor's alphanumeric CNPJ, the debtor, the schedule's dates and amounts, the Pix codes and the CET; the
/// printable HTML stays what a browser gets.
/// </summary>
public sealed class PrintedDocumentsTests
{
    private RecoveryApp _app = null!;
    private HttpClient _partner = null!;
    private HttpClient _agent = null!;
    private string _cnpj = "";
    private const string Creditor = "Crédito Fácil Negociações Ltda";

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        _app = new RecoveryApp();
        _cnpj = TestData.AlphanumericCnpj(new Random());
        var admin = await _app.AdminAsync();
        var created = await (await admin.PostAsJsonAsync("/api/v1/admin/partners", new { name = Creditor, document = Documents.Format(_cnpj) })).JsonAsync();
        _partner = _app.PartnerClient(created.GetProperty("apiKey").GetString()!);
        _agent = await _app.PersonAsync("agent");
    }

    [OneTimeTearDown] public async Task StopAsync() => await _app.DisposeAsync();

    private static async Task<(PdfText Text, byte[] Bytes, HttpResponseMessage Response)> PdfAsync(HttpClient client, string path, bool byQuery = false)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, byQuery ? path + "?format=pdf" : path);
        if (!byQuery) request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/pdf"));
        var response = await client.SendAsync(request);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), await response.Content.ReadAsStringAsync());
        Assert.That(response.Content.Headers.ContentType!.MediaType, Is.EqualTo("application/pdf"));
        var bytes = await response.Content.ReadAsByteArrayAsync();
        return (PdfText.Read(bytes), bytes, response);
    }

    /// <summary>An active agreement on a debt of 1,000.00 200 days late, with Pix codes: 100.00 down and three instalments.</summary>
    private async Task<(Guid AgreementId, Guid DebtorId, string Cpf, JsonElement Agreement)> AgreementAsync()
    {
        var cpf = TestData.Cpf();
        var today = _app.Today;
        var (invoiceId, debtorId, _) = await _partner.DebtAsync(cpf, 1000.00m, today.AddDays(-200).ToString("yyyy-MM-dd"), index: "NONE", income: 10_000m);
        var supervisor = await _app.PersonAsync("supervisor");
        var saved = await supervisor.PutAsJsonAsync($"/api/v1/portfolios/{await PortfolioIdAsync()}/policy", new
        {
            buckets = new object[]
            {
                new { fromDays = 1, toDays = (int?)null, maxChargesDiscountPercent = 100, maxPrincipalDiscountPercent = 10, maxInstallments = 18, minDownPaymentPercent = 5 },
            },
            minInstallment = 50.00m, monthlyRatePercent = 0m, cashExtraPrincipalDiscountPercent = 10, firstDueMaxDays = 30, breachToleranceDays = 30,
            supervisorExtraPrincipalDiscountPercent = 10, financialInstitution = false, compoundingLegalBasis = (string?)null,
            pix = new { key = "cobranca@credito.com.br", merchantName = "Credito Facil", city = "São Paulo" },
        });
        Assert.That(saved.IsSuccessStatusCode, Is.True, await saved.Content.ReadAsStringAsync());
        var created = await _agent.PostAsJsonAsync("/api/v1/agreements", new
        {
            debtorId, invoiceIds = new[] { invoiceId }, downPayment = 100.00m, installments = 3,
            firstDueDate = today.AddDays(30).ToString("yyyy-MM-dd"), discountPercent = 0m,
        });
        Assert.That((int)created.StatusCode, Is.EqualTo(201), await created.Content.ReadAsStringAsync());
        var agreement = await created.JsonAsync();
        return (agreement.GetProperty("id").GetGuid(), debtorId, cpf, agreement);
    }

    private async Task<Guid> PortfolioIdAsync()
    {
        var admin = await _app.AdminAsync();
        var me = await (await _partner.GetAsync("/api/v1/partner/me")).JsonAsync();
        var list = await (await admin.GetAsync($"/api/v1/admin/partners/{me.GetProperty("id").GetString()}/portfolios")).JsonAsync();
        return list.GetProperty("items").EnumerateArray().Single(p => p.GetProperty("code").GetString() == "varejo").GetProperty("id").GetGuid();
    }

    [Test]
    public async Task The_terms_as_PDF_name_the_creditor_the_debtor_the_schedule_the_Pix_codes_and_the_CET()
    {
        var (id, _, cpf, agreement) = await AgreementAsync();
        var (pdf, _, response) = await PdfAsync(_agent, $"/api/v1/agreements/{id}/terms");
        var text = pdf.All.Replace("\n", " ");

        Assert.That(response.Content.Headers.ContentDisposition!.DispositionType, Is.EqualTo("attachment"));
        Assert.That(response.Content.Headers.ContentDisposition.FileName, Does.StartWith("termo-de-acordo-").And.EndWith(".pdf"));
        Assert.That(pdf.EmbeddedFonts, Is.Not.Empty);
        Assert.That(pdf.FontsWithoutUnicodeMap, Is.Empty, "a viewer maps every glyph back to its text");
        Assert.That(pdf.Title, Does.StartWith("Termo de acordo"));
        Assert.That(pdf.Creator, Is.EqualTo("Recovery"));
        Assert.That(text, Does.Contain($"{Creditor}, inscrito no CNPJ sob o nº {Documents.Format(_cnpj)}"));
        Assert.That(Documents.Format(_cnpj), Does.Match("[A-Z]"), "the CNPJ is alphanumeric");
        Assert.That(text, Does.Contain($"Maria da Silva, CPF {Documents.Format(cpf)}"));
        Assert.That(text, Does.Contain("Débitos incluídos").And.Contain("Forma de pagamento"));
        Assert.That(text, Does.Contain("Valor do acordo: R$ 1.086,67"));
        var cet = agreement.Money("cetMonthly").ToString("0.####", Money.PtBr);
        Assert.That(text, Does.Contain($"Custo efetivo total (CET): {cet}% ao mês"));

        var installments = agreement.GetProperty("installments").EnumerateArray().ToList();
        Assert.That(installments.Select(i => i.Money("amount")), Is.EqualTo(new[] { 100.00m, 328.89m, 328.89m, 328.89m }));
        var joined = pdf.All.Replace("\n", "");
        foreach (var i in installments)
        {
            var due = DateOnly.Parse(i.GetProperty("dueDate").GetString()!);
            var line = $"{(i.GetProperty("number").GetInt32() == 0 ? "Entrada" : i.GetProperty("number").GetInt32())}\n{due:dd/MM/yyyy}\n{Money.Format(Money.ToCents(i.Money("amount")))}";
            Assert.That(pdf.All, Does.Contain(line.Replace('\u00a0', ' ')), "the instalment's row: number, due date, amount");
            Assert.That(joined, Does.Contain(i.GetProperty("pixPayload").GetString()), "the Pix copia e cola, whole across its lines");
        }
        Assert.That(pdf.All, Does.Contain("Página 1 de " + pdf.PageCount));

        var html = await _agent.GetAsync($"/api/v1/agreements/{id}/terms");
        Assert.That(html.Content.Headers.ContentType!.MediaType, Is.EqualTo("text/html"), "a browser still gets the printable page");
    }

    [Test]
    public async Task A_PDF_asked_for_twice_is_whole_both_times_and_by_query_as_by_header()
    {
        var (id, _, _, _) = await AgreementAsync();
        foreach (var byQuery in new[] { false, true })
        {
            var (pdf, bytes, _) = await PdfAsync(_agent, $"/api/v1/agreements/{id}/terms", byQuery);
            Assert.That(Encoding.ASCII.GetString(bytes, 0, 5), Is.EqualTo("%PDF-"));
            Assert.That(Encoding.ASCII.GetString(bytes[^8..]).TrimEnd(), Does.EndWith("%%EOF"));
            Assert.That(pdf.PageCount, Is.EqualTo(pdf.Pages.Count).And.GreaterThanOrEqualTo(1));
            Assert.That(pdf.Pages.Last(), Does.Contain($"Página {pdf.PageCount} de {pdf.PageCount}"));
        }
        var missing = await _agent.SendAsync(new HttpRequestMessage(HttpMethod.Get, $"/api/v1/agreements/{Guid.NewGuid()}/terms?format=pdf"));
        await missing.AssertProblemAsync(HttpStatusCode.NotFound);
    }

    [Test]
    public async Task The_statement_values_open_debts_today_and_lists_payments_and_agreements_by_creditor()
    {
        var (agreementId, debtorId, cpf, _) = await AgreementAsync();
        var today = _app.Today;
        var (_, sameDebtor, externalId) = await _partner.DebtAsync(cpf, 500.00m, today.AddDays(-40).ToString("yyyy-MM-dd"), index: "NONE");
        Assert.That(sameDebtor, Is.EqualTo(debtorId));
        (await _partner.PostAsJsonAsync($"/api/v1/partner/invoices/{externalId}/payments",
            new { paymentId = "PIX-PARCIAL-77", amount = 120.00m, paidAt = today.ToString("yyyy-MM-dd") })).EnsureSuccessStatusCode();
        var valuation = await (await _agent.GetAsync($"/api/v1/debtors/{debtorId}/valuation")).JsonAsync();
        var item = valuation.GetProperty("items").EnumerateArray().Single();

        var (pdf, _, response) = await PdfAsync(_agent, $"/api/v1/debtors/{debtorId}/statement");
        var text = pdf.All.Replace("\n", " ");
        Assert.That(response.Content.Headers.ContentDisposition!.FileName, Is.EqualTo($"extrato-de-debitos-{today:yyyy-MM-dd}.pdf"));
        Assert.That(text, Does.Contain("Extrato de débitos"));
        Assert.That(text, Does.Contain($"Devedor: Maria da Silva, CPF {Documents.Mask(cpf)}"));
        Assert.That(text, Does.Contain($"Credor: {Creditor}, CNPJ {Documents.Format(_cnpj)}"));
        Assert.That(text, Does.Contain($"{externalId} {today.AddDays(-40):dd/MM/yyyy} 40 dias"));
        Assert.That(text, Does.Contain(Money.Format(Money.ToCents(item.Money("total"))).Replace('\u00a0', ' ')), "the open debt as the valuation values it today");
        Assert.That(text, Does.Contain("em acordo"), "the debt in the agreement, with its status");
        Assert.That(text, Does.Contain("PIX-PARCIAL-77").And.Contain("R$ 120,00"));
        Assert.That(text, Does.Contain($"Acordo nº {agreementId}").And.Contain("(ativo)"));
        Assert.That(text, Does.Contain($"Total em aberto, atualizado até {today:dd/MM/yyyy}: {Money.Format(Money.ToCents(valuation.Money("total")))}".Replace('\u00a0', ' ')));

        await (await _agent.GetAsync($"/api/v1/debtors/{Guid.NewGuid()}/statement")).AssertProblemAsync(HttpStatusCode.NotFound);
    }
}
