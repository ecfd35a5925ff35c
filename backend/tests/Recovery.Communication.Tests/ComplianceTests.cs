using Recovery.BuildingBlocks;
using Recovery.Communication.Features.Compliance;

namespace Recovery.Communication.Tests;

/// <summary>The law at the moment of sending, whoever queued the message: windows, time zones, holidays, caps, stops.</summary>
public sealed class ComplianceTests
{
    private const string Sms = "{{nome}}, fale com {{credor}} (CNPJ {{cnpj_credor}}) sobre {{valor}}.";

    private static async Task<(Dunning Dunning, HttpClient Agent)> StartAsync(DateTimeOffset at)
    {
        var dunning = new Dunning();
        dunning.MoveTo(at);
        await dunning.StartAsync();
        var supervisor = await dunning.App.PersonAsync("supervisor");
        await dunning.TemplateAsync(supervisor, "aviso", "email", "<p>{{nome}}: {{valor}}</p><p>{{credor}} CNPJ {{cnpj_credor}}</p>", "Aviso de débito");
        await dunning.TemplateAsync(supervisor, "sms", "sms", Sms);
        await dunning.TemplateAsync(supervisor, "zap", "whatsapp", Sms);
        await dunning.TemplateAsync(supervisor, "carta", "letter", "<p>{{nome}}</p><p>{{credor}} CNPJ {{cnpj_credor}}</p>");
        await dunning.TemplateAsync(supervisor, "ligar", "call", "Ligar para {{nome}} sobre {{valor}}. {{credor}} CNPJ {{cnpj_credor}}");
        return (dunning, await dunning.App.PersonAsync("agent"));
    }

    private static async Task<JsonElement> SendAsync(HttpClient agent, Guid debtorId, string template, Guid? invoiceId = null)
    {
        var response = await agent.PostAsJsonAsync($"/api/v1/debtors/{debtorId}/messages", new { template, invoiceId });
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Accepted), await response.Content.ReadAsStringAsync());
        return await response.JsonAsync();
    }

    private static Task<JsonElement> DeferredAsync(HttpClient agent, Guid debtorId, Guid messageId) =>
        Dunning.MessageAsync(agent, debtorId, m => m.GetProperty("id").GetGuid() == messageId && m.GetProperty("history").GetArrayLength() > 0, "the dispatch decision");

    [Test]
    public async Task A_message_on_a_Sunday_goes_out_Monday_at_8_local_time_in_SP_and_in_AC_an_hour_later_by_UTC()
    {
        var sunday = new Dunning().Next(DayOfWeek.Sunday, 15);
        var (dunning, agent) = await StartAsync(sunday);
        await using var _ = dunning;
        var sp = await dunning.DebtAsync(dunning.App.Today.AddDays(-10), "SP", "sp@example.com");
        var ac = await dunning.DebtAsync(dunning.App.Today.AddDays(-10), "AC", "ac@example.com");
        var toSp = await SendAsync(agent, sp.DebtorId, "aviso", sp.InvoiceId);
        var toAc = await SendAsync(agent, ac.DebtorId, "aviso", ac.InvoiceId);

        var monday = sunday.AddDays(1).Date;
        var spDeferred = await DeferredAsync(agent, sp.DebtorId, toSp.GetProperty("id").GetGuid());
        Assert.That(spDeferred.GetProperty("status").GetString(), Is.EqualTo("queued"));
        Assert.That(spDeferred.GetProperty("notBefore").GetDateTimeOffset(), Is.EqualTo(new DateTimeOffset(monday.AddHours(11), TimeSpan.Zero)), "08:00 at UTC-3");
        Assert.That(spDeferred.GetProperty("history")[0].GetProperty("outcome").GetString(), Is.EqualTo("deferred"));
        Assert.That(spDeferred.GetProperty("history")[0].GetProperty("detail").GetString(), Does.Contain("domingo"));
        var acDeferred = await DeferredAsync(agent, ac.DebtorId, toAc.GetProperty("id").GetGuid());
        Assert.That(acDeferred.GetProperty("notBefore").GetDateTimeOffset(), Is.EqualTo(new DateTimeOffset(monday.AddHours(13), TimeSpan.Zero)), "08:00 at UTC-5");
        Assert.That(dunning.Smtp.Received, Is.Empty);

        dunning.MoveTo(new DateTimeOffset(monday.AddHours(11).AddSeconds(5), TimeSpan.Zero));
        await RecoveryApp.EventuallyAsync(() => Task.FromResult(dunning.Smtp.Received.Any(m => m.To.Contains("sp@example.com"))), "the SP e-mail on Monday at 08:00");
        await Task.Delay(600);
        Assert.That(dunning.Smtp.Received.Any(m => m.To.Contains("ac@example.com")), Is.False, "07:00 in Acre");

        dunning.MoveTo(new DateTimeOffset(monday.AddHours(13).AddSeconds(5), TimeSpan.Zero));
        await RecoveryApp.EventuallyAsync(() => Task.FromResult(dunning.Smtp.Received.Any(m => m.To.Contains("ac@example.com"))), "the AC e-mail at 08:00 in Acre");
    }

    [Test]
    public async Task Carnival_is_skipped()
    {
        var carnival = Dunning.Easters.Select(e => e.AddDays(-48)).First(d => d > DateOnly.FromDateTime(DateTime.UtcNow).AddDays(2));
        var (dunning, agent) = await StartAsync(new DateTimeOffset(carnival.ToDateTime(new TimeOnly(14, 0)), TimeSpan.Zero));
        await using var _ = dunning;
        var debt = await dunning.DebtAsync(dunning.App.Today.AddDays(-10));
        var message = await SendAsync(agent, debt.DebtorId, "sms", debt.InvoiceId);
        var deferred = await DeferredAsync(agent, debt.DebtorId, message.GetProperty("id").GetGuid());
        Assert.That(deferred.GetProperty("notBefore").GetDateTimeOffset(),
            Is.EqualTo(new DateTimeOffset(carnival.AddDays(2).ToDateTime(new TimeOnly(11, 0)), TimeSpan.Zero)), "Ash Wednesday at 08:00 in São Paulo");
        Assert.That(deferred.GetProperty("history")[0].GetProperty("detail").GetString(), Does.Contain("Carnaval"));
    }

    [Test]
    public async Task The_fourth_contact_in_seven_days_waits_and_the_same_channel_twice_a_day_waits_for_tomorrow()
    {
        var (dunning, agent) = await StartAsync(new Dunning().Next(DayOfWeek.Wednesday, 14));
        await using var _ = dunning;
        var debt = await dunning.DebtAsync(dunning.App.Today.AddDays(-30));
        foreach (var template in new[] { "aviso", "sms", "carta" }) await SendAsync(agent, debt.DebtorId, template, debt.InvoiceId);
        await RecoveryApp.EventuallyAsync(async () => (await Dunning.MessagesAsync(agent, debt.DebtorId)).Count(m => m.GetProperty("status").GetString() == "sent") == 3,
            "three contacts sent");
        var fourth = await SendAsync(agent, debt.DebtorId, "ligar", debt.InvoiceId);
        var deferred = await DeferredAsync(agent, debt.DebtorId, fourth.GetProperty("id").GetGuid());
        Assert.That(deferred.GetProperty("status").GetString(), Is.EqualTo("queued"));
        Assert.That(deferred.GetProperty("history")[0].GetProperty("detail").GetString(), Does.Contain("3 contatos em 7 dias"));
        Assert.That(deferred.GetProperty("notBefore").GetDateTimeOffset(), Is.GreaterThan(dunning.App.Clock.GetUtcNow().AddDays(6)));

        var other = await dunning.DebtAsync(dunning.App.Today.AddDays(-30));
        await SendAsync(agent, other.DebtorId, "sms", other.InvoiceId);
        await RecoveryApp.EventuallyAsync(async () => (await Dunning.MessagesAsync(agent, other.DebtorId)).Any(m => m.GetProperty("status").GetString() == "sent"), "the first SMS");
        var second = await SendAsync(agent, other.DebtorId, "sms", other.InvoiceId);
        var tomorrow = await DeferredAsync(agent, other.DebtorId, second.GetProperty("id").GetGuid());
        Assert.That(tomorrow.GetProperty("history")[0].GetProperty("detail").GetString(), Does.Contain("por canal por dia"));
        Assert.That(tomorrow.GetProperty("notBefore").GetDateTimeOffset(),
            Is.EqualTo(new DateTimeOffset(dunning.App.Today.AddDays(1).ToDateTime(new TimeOnly(11, 0)), TimeSpan.Zero)), "tomorrow at 08:00");
    }

    [Test]
    public async Task A_payment_in_full_cancels_the_queued_message_and_a_hold_blocks_the_debtor()
    {
        var (dunning, agent) = await StartAsync(new Dunning().Next(DayOfWeek.Sunday, 15));
        await using var _ = dunning;
        var debt = await dunning.DebtAsync(dunning.App.Today.AddDays(-10));
        var message = await SendAsync(agent, debt.DebtorId, "aviso", debt.InvoiceId);
        await DeferredAsync(agent, debt.DebtorId, message.GetProperty("id").GetGuid());
        (await dunning.Partner.PostAsJsonAsync($"/api/v1/partner/invoices/{debt.ExternalId}/payments",
            new { paymentId = "PG-1", amount = 1234.56m, paidAt = dunning.App.Today })).EnsureSuccessStatusCode();
        var cancelled = await Dunning.MessageAsync(agent, debt.DebtorId, m => m.GetProperty("status").GetString() == "cancelled", "the message cancelled by the payment");
        Assert.That(cancelled.GetProperty("reason").GetString(), Is.EqualTo("débito pago"));

        var held = await dunning.DebtAsync(dunning.App.Today.AddDays(-10));
        (await agent.PostAsJsonAsync($"/api/v1/debtors/{held.DebtorId}/holds",
            new { kind = "dispute", reason = "contesta a cobrança", legalBasis = "CDC art. 42" })).EnsureSuccessStatusCode();
        await Task.Delay(500);
        var blocked = await SendAsync(agent, held.DebtorId, "sms", held.InvoiceId);
        var decided = await Dunning.MessageAsync(agent, held.DebtorId, m => m.GetProperty("status").GetString() == "blocked", "the message blocked by the hold");
        Assert.That(decided.GetProperty("id").GetGuid(), Is.EqualTo(blocked.GetProperty("id").GetGuid()));
        Assert.That(decided.GetProperty("reason").GetString(), Does.Contain("dispute"));
    }

    [Test]
    public async Task WhatsApp_goes_only_with_the_debtors_opt_in_and_a_failing_provider_is_retried()
    {
        var (dunning, agent) = await StartAsync(new Dunning().Next(DayOfWeek.Thursday, 14));
        await using var _ = dunning;
        var debt = await dunning.DebtAsync(dunning.App.Today.AddDays(-10));
        await SendAsync(agent, debt.DebtorId, "zap", debt.InvoiceId);
        var blocked = await Dunning.MessageAsync(agent, debt.DebtorId, m => m.GetProperty("status").GetString() == "blocked", "WhatsApp blocked");
        Assert.That(blocked.GetProperty("reason").GetString(), Does.Contain("opt-in"));

        var refused = await (await agent.PostAsJsonAsync($"/api/v1/debtors/{debt.DebtorId}/whatsapp-opt-in", new { phone = "+55 11 90000-0000", evidence = "áudio" }))
            .AssertProblemAsync(HttpStatusCode.BadRequest);
        Assert.That(refused.ErrorsFor("phone"), Is.Not.Empty, "only the debtor's own phone");
        (await agent.PostAsJsonAsync($"/api/v1/debtors/{debt.DebtorId}/whatsapp-opt-in",
            new { phone = "(11) 98765-4321", evidence = "aceite na ligação de hoje, protocolo 123" })).EnsureSuccessStatusCode();
        dunning.Provider.Status = 503;
        var second = await SendAsync(agent, debt.DebtorId, "zap", debt.InvoiceId);
        var retrying = await Dunning.MessageAsync(agent, debt.DebtorId,
            m => m.GetProperty("id").GetGuid() == second.GetProperty("id").GetGuid() && m.GetProperty("history").EnumerateArray().Any(h => h.GetProperty("outcome").GetString() == "retry"),
            "a retry after the provider's 503");
        Assert.That(retrying.GetProperty("status").GetString(), Is.EqualTo("queued"));
        dunning.Provider.Status = 200;
        dunning.MoveTo(dunning.App.Clock.GetUtcNow().AddMinutes(1));
        await RecoveryApp.EventuallyAsync(() => Task.FromResult(dunning.Provider.Received.Any(r => r.Path == "/whatsapp")), "the WhatsApp at the provider");
        Assert.That(dunning.Provider.Received.Single().Body.GetProperty("to").GetString(), Is.EqualTo("+5511987654321"));
    }

    [TestCase(2024, 3, 31)]
    [TestCase(2025, 4, 20)]
    [TestCase(2026, 4, 5)]
    [TestCase(2027, 3, 28)]
    [TestCase(2038, 4, 25)]
    public void Easter_is_computed_for_any_year(int year, int month, int day) =>
        Assert.That(Holidays.Easter(year), Is.EqualTo(new DateOnly(year, month, day)));
}
