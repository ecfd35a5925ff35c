using System.Text.Json.Nodes;
using Dapper;

namespace Recovery.Communication.Tests;

/// <summary>
/// An agent sends an installment's Pix again: by e-mail within the contact hours, with the Pix copia e cola of the
/// agreement; refused with a problem while the agreement waits for approval, and outside the lawful window.
/// </summary>
public sealed class PixResendTests
{
    private static JsonObject Policy() => JsonNode.Parse(JsonSerializer.Serialize(new
    {
        buckets = new object[]
        {
            new { fromDays = 1, toDays = 30, maxChargesDiscountPercent = 0, maxPrincipalDiscountPercent = 0, maxInstallments = 3, minDownPaymentPercent = 20 },
            new { fromDays = 31, toDays = (int?)null, maxChargesDiscountPercent = 80, maxPrincipalDiscountPercent = 5, maxInstallments = 12, minDownPaymentPercent = 10 },
        },
        minInstallment = 50.00m, monthlyRatePercent = 0m, cashExtraPrincipalDiscountPercent = 10, firstDueMaxDays = 30,
        breachToleranceDays = 30, supervisorExtraPrincipalDiscountPercent = 10, financialInstitution = false, compoundingLegalBasis = (string?)null,
        pix = new { key = "cobranca@credor.com.br", merchantName = "Credor Exemplo Ltda", city = "São Paulo" },
    }))!.AsObject();

    private static async Task<HttpResponseMessage> ResendAsync(HttpClient agent, Guid debtorId, Guid agreementId, int installment, string channel) =>
        await agent.PostAsJsonAsync($"/api/v1/debtors/{debtorId}/pix-messages", new { agreementId, installment, channel });

    [Test]
    public async Task The_pix_goes_again_by_email_within_the_hours_and_is_refused_outside_them_or_before_approval()
    {
        await using var dunning = new Dunning();
        var tuesday = dunning.Next(DayOfWeek.Tuesday, 13);   // 10:00 in São Paulo
        dunning.MoveTo(tuesday);
        await dunning.StartAsync();
        var today = dunning.App.Today;
        var supervisor = await dunning.App.PersonAsync("supervisor");
        var agent = await dunning.App.PersonAsync("agent");
        var debt = await dunning.DebtAsync(today.AddDays(-40), email: "paula@example.com");
        (await supervisor.PutAsJsonAsync($"/api/v1/portfolios/{await dunning.PortfolioIdAsync()}/policy", Policy())).EnsureSuccessStatusCode();
        var created = await agent.PostAsJsonAsync("/api/v1/agreements", new
        {
            debtorId = debt.DebtorId, invoiceIds = new[] { debt.InvoiceId }, downPayment = 200.00m, installments = 2,
            firstDueDate = today.AddDays(20).ToString("yyyy-MM-dd"), discountPercent = 0m,
        });
        Assert.That(created.StatusCode, Is.EqualTo(HttpStatusCode.Created), await created.Content.ReadAsStringAsync());
        var agreement = await created.JsonAsync();
        var agreementId = agreement.GetProperty("id").GetGuid();
        var pix = agreement.GetProperty("installments")[1].GetProperty("pixPayload").GetString()!;
        await RecoveryApp.EventuallyAsync(async () => await dunning.App.WithConnectionAsync("communication", c => c.ExecuteScalarAsync<int>(
            "SELECT COUNT(*) FROM communication.installment WHERE agreement_id = @Id", new { Id = agreementId.ToString() })) == 3, "Communication to copy the installments");

        var sent = await ResendAsync(agent, debt.DebtorId, agreementId, 1, "email");
        Assert.That(sent.StatusCode, Is.EqualTo(HttpStatusCode.Accepted), await sent.Content.ReadAsStringAsync());
        await RecoveryApp.EventuallyAsync(() => Task.FromResult(dunning.Smtp.Received.Any(m => m.To.Contains("paula@example.com"))), "the Pix at the SMTP server");
        var mail = dunning.Smtp.Received.Single(m => m.To.Contains("paula@example.com"));
        Assert.That(mail.Text.Replace("=\r\n", "").Replace("\r\n", ""), Does.Contain(pix[..40]), "the agreement's own Pix copia e cola");
        Assert.That(mail.Text, Does.Contain("parcela 1"));
        var message = await Dunning.MessageAsync(agent, debt.DebtorId, m => m.GetProperty("status").GetString() == "sent", "the resend sent");
        Assert.That(message.GetProperty("installmentNumber").GetInt32(), Is.EqualTo(1));

        // No Pix while an agreement waits for approval (the down payment is below the policy's 10%).
        var other = await dunning.DebtAsync(today.AddDays(-40), email: "rui@example.com");
        var pending = await agent.PostAsJsonAsync("/api/v1/agreements", new
        {
            debtorId = other.DebtorId, invoiceIds = new[] { other.InvoiceId }, downPayment = 50.00m, installments = 2,
            firstDueDate = today.AddDays(20).ToString("yyyy-MM-dd"), discountPercent = 0m,
        });
        Assert.That(pending.StatusCode, Is.EqualTo(HttpStatusCode.Accepted), await pending.Content.ReadAsStringAsync());
        var refused = await (await ResendAsync(agent, other.DebtorId, (await pending.JsonAsync()).GetProperty("id").GetGuid(), 1, "sms"))
            .AssertProblemAsync(HttpStatusCode.Conflict);
        Assert.That(refused.GetProperty("type").GetString(), Does.EndWith("/no-pix-to-send"));
        Assert.That(refused.GetProperty("detail").GetString(), Does.Contain("aguarda aprovação"));

        // 22:00 in São Paulo: outside the contact hours, refused with when it may go.
        dunning.MoveTo(tuesday.AddHours(12));
        agent = await dunning.App.AgainAsync(agent);
        var late = await (await ResendAsync(agent, debt.DebtorId, agreementId, 1, "email")).AssertProblemAsync(HttpStatusCode.Conflict);
        Assert.That(late.GetProperty("type").GetString(), Does.EndWith("/contact-not-allowed-now"));
        Assert.That(late.GetProperty("allowedFrom").GetDateTimeOffset(), Is.GreaterThan(dunning.App.Clock.GetUtcNow()));
        Assert.That(late.GetProperty("detail").GetString(), Does.Contain("Reenvie a partir de"));
        Assert.That((await Dunning.MessagesAsync(agent, debt.DebtorId)).Length, Is.EqualTo(1), "nothing queued by the refusal");

        // Wrong channel or installment: named.
        var bad = await (await ResendAsync(agent, debt.DebtorId, agreementId, 1, "letter")).AssertProblemAsync(HttpStatusCode.BadRequest);
        Assert.That(bad.ErrorsFor("channel"), Is.Not.Empty);
        await (await ResendAsync(agent, debt.DebtorId, agreementId, 9, "email")).AssertProblemAsync(HttpStatusCode.NotFound);
    }
}
