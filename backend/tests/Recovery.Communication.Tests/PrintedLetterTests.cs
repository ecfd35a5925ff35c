using System.Net.Http.Headers;

namespace Recovery.Communication.Tests;

/// <summary>
/// Letters and negativação notices as PDFs on the letter's own endpoint: what the printable page says (the creditor's
/// name and CNPJ, the date, the addressee, the text with its accents), and for a notice the law it fulfils and the date
/// before which nothing is registered.
/// </summary>
public sealed class PrintedLetterTests
{
    private static async Task<PdfText> PdfAsync(HttpClient agent, Guid messageId, bool byQuery)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/communication/letters/{messageId}{(byQuery ? "?format=pdf" : "")}");
        if (!byQuery) request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/pdf"));
        var response = await agent.SendAsync(request);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), await response.Content.ReadAsStringAsync());
        Assert.That(response.Content.Headers.ContentType!.MediaType, Is.EqualTo("application/pdf"));
        Assert.That(response.Content.Headers.ContentDisposition!.FileName, Does.EndWith(".pdf"));
        return PdfText.Read(await response.Content.ReadAsByteArrayAsync());
    }

    [Test]
    public async Task A_letter_and_a_negativacao_notice_come_as_PDF_with_what_their_page_says()
    {
        await using var dunning = new Dunning();
        dunning.MoveTo(dunning.Next(DayOfWeek.Tuesday, 13));
        await dunning.StartAsync();
        var today = dunning.App.Today;
        var supervisor = await dunning.App.PersonAsync("supervisor");
        await dunning.TemplateAsync(supervisor, "carta-pdf", "letter",
            "<p>Prezado(a) {{nome}}, consta em aberto o valor de {{valor}}.</p><p>Negociação disponível.</p><p>{{credor}}, CNPJ {{cnpj_credor}}</p>");
        await dunning.TemplateAsync(supervisor, "aviso-pdf", "letter",
            "<p>{{nome}}, o débito do contrato {{contrato}} será incluído nos cadastros de proteção ao crédito se não for pago.</p><p>{{credor}}, CNPJ {{cnpj_credor}}</p>");
        var letterDebt = await dunning.DebtAsync(today.AddDays(-20));
        var noticeDebt = await dunning.DebtAsync(today.AddDays(-30));
        (await supervisor.PutAsJsonAsync($"/api/v1/portfolios/{await dunning.PortfolioIdAsync()}/schedule", new
        {
            steps = new object[] { new { key = "NEG-D+30", offsetDays = 30, channel = "negativacao", template = "aviso-pdf" } },
        })).EnsureSuccessStatusCode();
        var agent = await dunning.App.PersonAsync("agent");
        var sent = await (await agent.PostAsJsonAsync($"/api/v1/debtors/{letterDebt.DebtorId}/messages", new { template = "carta-pdf", invoiceId = letterDebt.InvoiceId })).JsonAsync();
        (await supervisor.PostAsync("/api/v1/communication/runs", null)).EnsureSuccessStatusCode();

        JsonElement negativacao = default;
        await RecoveryApp.EventuallyAsync(async () =>
        {
            var items = (await (await agent.GetAsync($"/api/v1/communication/negativacoes?debtorId={noticeDebt.DebtorId}")).JsonAsync()).GetProperty("items");
            if (items.GetArrayLength() == 0) return false;
            negativacao = items[0];
            return true;
        }, "the notice to leave");
        await RecoveryApp.EventuallyAsync(async () =>
            (await (await agent.GetAsync("/api/v1/communication/letters")).JsonAsync()).GetProperty("items").GetArrayLength() == 2, "both letters in the print queue");

        var letter = await PdfAsync(agent, sent.GetProperty("id").GetGuid(), byQuery: true);
        var text = letter.All.Replace("\n", " ");
        Assert.That(letter.Title, Is.EqualTo("Carta de cobrança"));
        Assert.That(letter.FontsWithoutUnicodeMap, Is.Empty);
        Assert.That(text, Does.StartWith($"{dunning.CreditorName} CNPJ {dunning.CreditorCnpj}"), "the creditor on top (CDC art. 42-A)");
        Assert.That(text, Does.Contain(today.ToString("d 'de' MMMM 'de' yyyy", new System.Globalization.CultureInfo("pt-BR"))));
        Assert.That(text, Does.Contain("Maria da Silva Rua A"), "the addressee and the address");
        Assert.That(text, Does.Contain("Prezado(a) Maria da Silva, consta em aberto o valor de R$ 1.234,56."));
        Assert.That(text, Does.Contain("Negociação disponível."));
        Assert.That(text, Does.Not.Contain("<p>").And.Not.Contain("&"), "text, not markup");
        Assert.That(text, Does.Not.Contain("Aviso prévio"));

        var notice = await PdfAsync(agent, negativacao.GetProperty("noticeMessageId").GetGuid(), byQuery: false);
        var noticeText = notice.All.Replace("\n", " ");
        Assert.That(notice.Title, Is.EqualTo("Aviso prévio de negativação"));
        Assert.That(noticeText, Does.Contain($"o débito do contrato {noticeDebt.ExternalId} será incluído nos cadastros de proteção ao crédito"));
        Assert.That(noticeText, Does.Contain("art. 43, § 2º, do Código de Defesa do Consumidor"));
        Assert.That(noticeText, Does.Contain($"não ocorrerá antes de {DateOnly.Parse(negativacao.GetProperty("eligibleOn").GetString()!):dd/MM/yyyy}"));

        var html = await agent.GetAsync($"/api/v1/communication/letters/{sent.GetProperty("id").GetGuid()}");
        Assert.That(html.Content.Headers.ContentType!.MediaType, Is.EqualTo("text/html"), "the print queue still opens the page");
        await (await agent.GetAsync($"/api/v1/communication/letters/{Guid.NewGuid()}?format=pdf")).AssertProblemAsync(HttpStatusCode.NotFound);
    }
}
