using Dapper;

namespace Recovery.Communication.Tests.Bureau;

/// <summary>A purchased portfolio's assignment notice (Civil Code art. 290) goes before any other collection message (ADR 0028).</summary>
public sealed class AssignmentNoticeTests
{
    private const string Body = "<p>Olá, {{nome}}. O crédito do contrato {{contrato}}, de {{valor}}, foi cedido.</p><p>{{credor}} — CNPJ {{cnpj_credor}}</p>";

    [Test]
    public async Task The_assignment_notice_is_sent_first_with_its_evidence_and_blocks_the_other_steps_until_then()
    {
        await using var host = await BureauHost.StartAsync();
        var today = host.App.Today;
        await host.Dunning.TemplateAsync(host.Supervisor, "aviso-cessao", "email", Body, "Notificação de cessão de crédito");
        await host.Dunning.TemplateAsync(host.Supervisor, "lembrete", "email", Body, "Lembrete");
        var debt = await host.DebtAsync(TestData.Cpf(), dueDate: today.AddDays(-1), emails: ["cedido@example.com"]);
        var admin = await host.App.AdminAsync();
        var saved = await (await admin.PutAsJsonAsync($"/api/v1/admin/partners/{host.Dunning.PartnerId}/portfolios/varejo", new
        {
            name = "Varejo comprado", finePercent = 2.0m, monthlyInterestPercent = 1.0m, correctionIndex = "IPCA",
            purchase = new { seller = "Banco Cedente S.A.", purchasedOn = today.AddDays(-30), faceValue = 50000.00m, price = 5000.00m },
        })).JsonAsync();
        Assert.That(saved.GetProperty("purchase").GetProperty("seller").GetString(), Is.EqualTo("Banco Cedente S.A."));
        Assert.That(saved.GetProperty("purchase").Money("price"), Is.EqualTo(5000.00m));
        await RecoveryApp.EventuallyAsync(async () => await host.App.WithConnectionAsync("communication", c =>
            c.ExecuteScalarAsync<int>("SELECT COUNT(*) FROM communication.purchased_portfolio")) == 1, "Communication to know the purchase");

        var twoNotices = await host.Supervisor.PutAsJsonAsync($"/api/v1/portfolios/{await host.Dunning.PortfolioIdAsync()}/schedule", new
        {
            steps = new object[]
            {
                new { key = "cessao", offsetDays = 0, channel = "email", template = "aviso-cessao", assignmentNotice = true },
                new { key = "cessao2", offsetDays = 0, channel = "email", template = "aviso-cessao", assignmentNotice = true },
            },
        });
        await twoNotices.AssertProblemAsync(HttpStatusCode.BadRequest);
        (await host.Supervisor.PutAsJsonAsync($"/api/v1/portfolios/{await host.Dunning.PortfolioIdAsync()}/schedule", new
        {
            steps = new object[]
            {
                new { key = "D+1", offsetDays = 1, channel = "email", template = "lembrete" },
                new { key = "cessao", offsetDays = 0, channel = "email", template = "aviso-cessao", assignmentNotice = true },
            },
        })).EnsureSuccessStatusCode();

        var first = await StartRunAsync(host.Supervisor);
        Assert.That(first.GetProperty("planned").GetInt32(), Is.EqualTo(1), "only the notice: D+1 waits for it");
        Assert.That((await Dunning.MessagesAsync(host.Agent, debt.DebtorId)).Select(m => m.GetProperty("stepKey").GetString()), Is.EqualTo(new[] { "cessao" }));

        await RecoveryApp.EventuallyAsync(() => Task.FromResult(host.Dunning.Smtp.Received.Count == 1), "the notice at the SMTP server");
        var notice = host.Dunning.Smtp.Received.Single();
        Assert.That(notice.To, Is.EqualTo(new[] { "cedido@example.com" }));
        Assert.That(notice.Text, Does.Contain("foi cedido"));
        await RecoveryApp.EventuallyAsync(async () => await host.App.WithConnectionAsync("communication", c =>
            c.ExecuteScalarAsync<int>("SELECT COUNT(*) FROM communication.assignment_notice WHERE invoice_id = @Id AND channel = 'email' AND recipient = 'cedido@example.com' AND LENGTH(content_sha256) = 64",
                new { Id = debt.InvoiceId.ToString() })) == 1, "the notice's evidence kept");

        var second = await StartRunAsync(host.Supervisor);
        Assert.That(second.GetProperty("planned").GetInt32(), Is.EqualTo(1), "D+1 now that the notice was sent");
        Assert.That((await Dunning.MessagesAsync(host.Agent, debt.DebtorId)).Select(m => m.GetProperty("stepKey").GetString()), Is.EquivalentTo(new[] { "cessao", "D+1" }));
    }

    [Test]
    public async Task A_message_on_a_debt_of_a_purchased_portfolio_is_blocked_until_its_notice_was_sent()
    {
        await using var host = await BureauHost.StartAsync();
        await host.Dunning.TemplateAsync(host.Supervisor, "avulsa", "email", Body, "Mensagem");
        var debt = await host.DebtAsync(TestData.Cpf(), emails: ["cedido@example.com"]);
        var admin = await host.App.AdminAsync();
        (await admin.PutAsJsonAsync($"/api/v1/admin/partners/{host.Dunning.PartnerId}/portfolios/varejo", new
        {
            name = "Varejo comprado", finePercent = 2.0m, monthlyInterestPercent = 1.0m, correctionIndex = "IPCA",
            purchase = new { seller = "Banco Cedente S.A.", purchasedOn = host.App.Today, faceValue = 1000.00m, price = 100.00m },
        })).EnsureSuccessStatusCode();
        await RecoveryApp.EventuallyAsync(async () => await host.App.WithConnectionAsync("communication", c =>
            c.ExecuteScalarAsync<int>("SELECT COUNT(*) FROM communication.purchased_portfolio")) == 1, "Communication to know the purchase");

        (await host.Agent.PostAsJsonAsync($"/api/v1/debtors/{debt.DebtorId}/messages", new { template = "avulsa", invoiceId = debt.InvoiceId }))
            .EnsureSuccessStatusCode();
        var blocked = await Dunning.MessageAsync(host.Agent, debt.DebtorId, m => m.GetProperty("status").GetString() == "blocked", "the message blocked");
        Assert.That(blocked.GetProperty("reason").GetString(), Does.Contain("notificação da cessão de crédito (CC art. 290)"));
        Assert.That(host.Dunning.Smtp.Received, Is.Empty);
    }

    private static async Task<JsonElement> StartRunAsync(HttpClient supervisor)
    {
        var started = await supervisor.PostAsync("/api/v1/communication/runs", null);
        Assert.That(started.StatusCode, Is.EqualTo(HttpStatusCode.Accepted), await started.Content.ReadAsStringAsync());
        var id = (await started.JsonAsync()).GetProperty("id").GetGuid();
        JsonElement run = default;
        await RecoveryApp.EventuallyAsync(async () =>
        {
            run = await (await supervisor.GetAsync($"/api/v1/communication/runs/{id}")).JsonAsync();
            return run.GetProperty("status").GetString() != "running";
        }, "the run to finish");
        Assert.That(run.GetProperty("status").GetString(), Is.EqualTo("completed"), run.ToString());
        return run;
    }
}
