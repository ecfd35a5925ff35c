using System.Globalization;
using Dapper;

namespace Recovery.Communication.Tests;

/// <summary>
/// Reminders per agreement installment end to end, through HTTP against the real host and SMTP server, the clock moved day
/// by day: two debtors' agreements with an installment due on day 10 get the default reminders D-3, D0, D+1 and D+5 on
/// their days; one pays on day 11 and its queued D+1 (held by the contact window of a Saturday evening) is cancelled and
/// no D+5 follows; the other's agreement is cancelled and its D+5 with it. The funnel counts them.
/// </summary>
public sealed class AgreementReminderTests
{
    private static readonly CultureInfo PtBr = CultureInfo.GetCultureInfo("pt-BR");

    [Test]
    public async Task Installment_reminders_go_on_their_days_by_email_and_stop_on_payment_and_on_cancellation()
    {
        await using var dunning = new Dunning();
        dunning.MoveTo(Start(dunning));
        await dunning.StartAsync();
        var day0 = dunning.App.Today;
        var a = await dunning.DebtAsync(day0.AddDays(-40), email: "ana@example.com");
        var b = await dunning.DebtAsync(day0.AddDays(-40), email: "bruno@example.com");
        var agent = await dunning.App.PersonAsync("agent");
        var agreementA = await AgreementAsync(dunning, agent, a.DebtorId, a.InvoiceId, day0.AddDays(10));
        var agreementB = await AgreementAsync(dunning, agent, b.DebtorId, b.InvoiceId, day0.AddDays(10));
        var installment = agreementA.GetProperty("installments").EnumerateArray().Single(i => i.GetProperty("number").GetInt32() == 1);
        var amount = installment.Money("amount");
        Assert.That(installment.GetProperty("dueDate").GetString(), Is.EqualTo(day0.AddDays(10).ToString("yyyy-MM-dd")));

        // Day 0: the down payments are paid, so nothing is due yet; day 6 is one day too early for D-3.
        Assert.That(await RunAsync(dunning), Is.Zero);
        Assert.That(await RemindersAsync(dunning, a.DebtorId), Is.Empty);
        dunning.MoveTo(At(day0.AddDays(6), 13));
        Assert.That(await RunAsync(dunning), Is.Zero, "D-3 is three days before the due date, not four");

        // Day 7 (D-3): both by e-mail; the SMTP server gets the Portuguese text with the installment.
        dunning.MoveTo(At(day0.AddDays(7), 13));
        Assert.That(await RunAsync(dunning), Is.EqualTo(2));
        await RecoveryApp.EventuallyAsync(() => Task.FromResult(dunning.Smtp.Received.Count == 2), "both D-3 reminders at the SMTP server");
        var mail = dunning.Smtp.Received.Single(m => m.To.Contains("ana@example.com"));
        Assert.That(mail.Text, Does.Contain("a parcela 1 do seu acordo"));
        Assert.That(mail.Text, Does.Contain(amount.ToString("N2", PtBr)));
        Assert.That(mail.Text, Does.Contain("vence em " + day0.AddDays(10).ToString("dd/MM/yyyy")));
        Assert.That(mail.Text, Does.Contain(dunning.CreditorName).And.Contain(dunning.CreditorCnpj), "CDC art. 42-A");
        Assert.That(await StepsAsync(dunning, b.DebtorId), Is.EqualTo(new[] { "D-3" }));

        // Day 10 (D0) by day; day 11 (D+1) at 18:00 of a Saturday in São Paulo: planned, and held by the contact window.
        dunning.MoveTo(At(day0.AddDays(10), 13));
        Assert.That(await RunAsync(dunning), Is.EqualTo(2));
        await RecoveryApp.EventuallyAsync(() => Task.FromResult(dunning.Smtp.Received.Count == 4), "both D0 reminders at the SMTP server");
        dunning.MoveTo(At(day0.AddDays(11), 21));
        Assert.That(await RunAsync(dunning), Is.EqualTo(2));
        agent = await dunning.App.PersonAsync("agent");
        var held = await Dunning.MessageAsync(agent, a.DebtorId, m => m.GetProperty("stepKey").GetString() == "D+1"
            && m.GetProperty("history").EnumerateArray().Any(h => h.GetProperty("outcome").GetString() == "deferred"), "A's D+1 held by the window");
        Assert.That(held.GetProperty("status").GetString(), Is.EqualTo("queued"));
        Assert.That(held.GetProperty("notBefore").GetDateTimeOffset(), Is.GreaterThan(dunning.App.Clock.GetUtcNow()));
        Assert.That(held.GetProperty("installmentNumber").GetInt32(), Is.EqualTo(1));
        Assert.That(held.GetProperty("agreementId").GetGuid(), Is.EqualTo(agreementA.GetProperty("id").GetGuid()));

        // A pays installment 1: its queued D+1 is cancelled, never sent, and no D+5 follows.
        (await agent.PostAsJsonAsync($"/api/v1/agreements/{agreementA.GetProperty("id").GetGuid()}/payments",
            new { paymentId = "PARCELA-1", amount, paidAt = dunning.App.Today })).EnsureSuccessStatusCode();
        var stopped = await Dunning.MessageAsync(agent, a.DebtorId, m => m.GetProperty("stepKey").GetString() == "D+1"
            && m.GetProperty("status").GetString() == "cancelled", "A's D+1 cancelled by the payment");
        Assert.That(stopped.GetProperty("reason").GetString(), Is.EqualTo("parcela paga"));

        // Day 15 (D+5): B only. B's D+1 leaves first; the D+5 waits (one e-mail a day) and goes with B's agreement cancelled.
        dunning.MoveTo(At(day0.AddDays(15), 13));
        Assert.That(await RunAsync(dunning), Is.EqualTo(1));
        Assert.That(await StepsAsync(dunning, b.DebtorId), Is.EqualTo(new[] { "D-3", "D0", "D+1", "D+5" }));
        Assert.That(await StepsAsync(dunning, a.DebtorId), Is.EqualTo(new[] { "D-3", "D0", "D+1" }));
        agent = await dunning.App.PersonAsync("agent");
        await Dunning.MessageAsync(agent, b.DebtorId, m => m.GetProperty("stepKey").GetString() == "D+5"
            && m.GetProperty("history").EnumerateArray().Any(h => h.GetProperty("outcome").GetString() == "deferred"), "B's D+5 held by the daily cap");
        var supervisor = await dunning.App.PersonAsync("supervisor");
        (await supervisor.PostAsJsonAsync($"/api/v1/agreements/{agreementB.GetProperty("id").GetGuid()}/cancel", new { reason = "pedido do devedor" }))
            .EnsureSuccessStatusCode();
        var cancelled = await Dunning.MessageAsync(agent, b.DebtorId, m => m.GetProperty("stepKey").GetString() == "D+5"
            && m.GetProperty("status").GetString() == "cancelled", "B's D+5 cancelled with the agreement");
        Assert.That(cancelled.GetProperty("reason").GetString(), Is.EqualTo("acordo cancelado"));
        Assert.That(dunning.Smtp.Received.Count(m => m.To.Contains("ana@example.com")), Is.EqualTo(2), "A got D-3 and D0 only");

        // The funnel: the reminders in their own section, the dunning's steps untouched.
        var auditor = await dunning.App.PersonAsync("auditor");
        var expected = new[] { ("D-3", 2L, 2L, 1L), ("D0", 2L, 2L, 1L), ("D+1", 2L, 1L, 0L), ("D+5", 1L, 0L, 0L) };
        JsonElement report = default;
        await RecoveryApp.EventuallyAsync(async () =>
        {
            report = await (await auditor.GetAsync($"/api/v1/reports/dunning-funnel?partnerId={dunning.PartnerId}")).JsonAsync();
            return report.GetProperty("reminders").EnumerateArray().Select(l => (l.GetProperty("step").GetString()!, l.GetProperty("planned").GetInt64(),
                l.GetProperty("sent").GetInt64(), l.GetProperty("paidAfterReminder").GetInt64())).SequenceEqual(expected)
                && report.GetProperty("remindersStopped").GetArrayLength() == 2;
        }, "the funnel to count the reminders");
        Assert.That(report.GetProperty("steps").EnumerateArray(), Is.Empty, "no dunning schedule: no dunning lines");
        var lines = report.GetProperty("reminders").EnumerateArray().ToDictionary(l => l.GetProperty("step").GetString()!);
        Assert.That(lines["D+1"].GetProperty("cancelled").GetInt64(), Is.EqualTo(1));
        Assert.That(lines["D+1"].GetProperty("deferred").GetInt64(), Is.EqualTo(2), "both held by the Saturday evening");
        Assert.That(lines["D-3"].GetProperty("channel").GetString(), Is.EqualTo("email"));
        Assert.That(report.GetProperty("remindersStopped").EnumerateArray().Select(s => (s.GetProperty("status").GetString(), s.GetProperty("reason").GetString(),
            s.GetProperty("count").GetInt64())), Is.EquivalentTo(new[] { ("cancelled", "acordo cancelado", 1L), ("cancelled", "parcela paga", 1L) }));
        var elsewhere = await (await auditor.GetAsync($"/api/v1/reports/dunning-funnel?partnerId={Guid.NewGuid()}")).JsonAsync();
        Assert.That(elsewhere.GetProperty("reminders").GetArrayLength(), Is.Zero);
    }

    [Test]
    public async Task A_portfolio_has_the_default_reminders_until_a_supervisor_saves_its_own_and_the_steps_are_checked()
    {
        await using var dunning = new Dunning();
        await dunning.StartAsync();
        await dunning.DebtAsync(dunning.App.Today);
        var portfolio = await dunning.PortfolioIdAsync();
        var supervisor = await dunning.App.PersonAsync("supervisor");
        var current = await (await supervisor.GetAsync($"/api/v1/portfolios/{portfolio}/agreement-reminders")).JsonAsync();
        Assert.That(current.GetProperty("version").GetInt32(), Is.Zero);
        Assert.That(current.GetProperty("isDefault").GetBoolean(), Is.True);
        Assert.That(current.GetProperty("steps").EnumerateArray().Select(s => (s.GetProperty("key").GetString(), s.GetProperty("offsetDays").GetInt32())),
            Is.EqualTo(new[] { ("D-3", -3), ("D0", 0), ("D+1", 1), ("D+5", 5) }));

        var wrong = await (await supervisor.PutAsJsonAsync($"/api/v1/portfolios/{portfolio}/agreement-reminders", new
        {
            steps = new object[]
            {
                new { key = "D-2", offsetDays = -2, channel = "sms", template = "acordo-lembrete-antes" },
                new { key = "D-2", offsetDays = 90, channel = "negativacao", template = "" },
            },
        })).AssertProblemAsync(HttpStatusCode.BadRequest);
        Assert.That(wrong.ErrorsFor("steps[1].offsetDays"), Is.Not.Empty);
        Assert.That(wrong.ErrorsFor("steps[1].channel"), Is.Not.Empty, "a reminder is never a negativação");
        Assert.That(wrong.ErrorsFor("steps"), Is.Not.Empty, "duplicate keys");
        var mismatch = await (await supervisor.PutAsJsonAsync($"/api/v1/portfolios/{portfolio}/agreement-reminders", new
        {
            steps = new object[] { new { key = "D-2", offsetDays = -2, channel = "sms", template = "acordo-lembrete-antes" } },
        })).AssertProblemAsync(HttpStatusCode.BadRequest);
        Assert.That(mismatch.ErrorsFor("steps[0].template"), Is.Not.Empty, "an e-mail template for an SMS step");
        var agent = await dunning.App.PersonAsync("agent");
        await (await agent.PutAsJsonAsync($"/api/v1/portfolios/{portfolio}/agreement-reminders", new { steps = Array.Empty<object>() }))
            .AssertProblemAsync(HttpStatusCode.Forbidden);

        var saved = await (await supervisor.PutAsJsonAsync($"/api/v1/portfolios/{portfolio}/agreement-reminders", new
        {
            steps = new object[] { new { key = "D-2", offsetDays = -2, channel = "sms", template = "acordo-lembrete-sms" } },
        })).JsonAsync();
        Assert.That(saved.GetProperty("version").GetInt32(), Is.EqualTo(1));
        var again = await (await agent.GetAsync($"/api/v1/portfolios/{portfolio}/agreement-reminders")).JsonAsync();
        Assert.That(again.GetProperty("isDefault").GetBoolean(), Is.False);
        Assert.That(again.GetProperty("steps").EnumerateArray().Select(s => s.GetProperty("template").GetString()), Is.EqualTo(new[] { "acordo-lembrete-sms" }));
        await (await supervisor.GetAsync($"/api/v1/portfolios/{Guid.NewGuid()}/agreement-reminders")).AssertProblemAsync(HttpStatusCode.NotFound);
    }

    /// <summary>A Tuesday whose reminder days (D-3 a Tuesday, D0 a Friday, D+1 a Saturday, D+5 a Wednesday) are no holidays, 10:00 in São Paulo.</summary>
    private static DateTimeOffset Start(Dunning dunning)
    {
        var start = dunning.Next(DayOfWeek.Tuesday, 13);
        while (new[] { 0, 6, 7, 10, 11, 12, 13, 15 }.Any(d => Dunning.IsHoliday(DateOnly.FromDateTime(start.UtcDateTime).AddDays(d)))) start = start.AddDays(7);
        return start;
    }

    private static DateTimeOffset At(DateOnly day, int hourUtc) => new(day.ToDateTime(new TimeOnly(hourUtc, 0)), TimeSpan.Zero);

    /// <summary>An agreement of the debt: 200.00 down, paid at once, and two installments from <paramref name="firstDue"/>.</summary>
    private static async Task<JsonElement> AgreementAsync(Dunning dunning, HttpClient agent, Guid debtorId, Guid invoiceId, DateOnly firstDue)
    {
        var created = await agent.PostAsJsonAsync("/api/v1/agreements", new
        {
            debtorId, invoiceIds = new[] { invoiceId }, downPayment = 200.00m, installments = 2, firstDueDate = firstDue.ToString("yyyy-MM-dd"), discountPercent = 0m,
        });
        Assert.That(created.StatusCode, Is.EqualTo(HttpStatusCode.Created), await created.Content.ReadAsStringAsync());
        var agreement = await created.JsonAsync();
        var id = agreement.GetProperty("id").GetGuid();
        (await agent.PostAsJsonAsync($"/api/v1/agreements/{id}/payments", new { paymentId = "ENTRADA", amount = 200.00m, paidAt = dunning.App.Today }))
            .EnsureSuccessStatusCode();
        await RecoveryApp.EventuallyAsync(async () => await dunning.App.WithConnectionAsync("communication", c => c.ExecuteScalarAsync<int>(
                "SELECT COUNT(*) FROM communication.installment WHERE agreement_id = @Id AND (number > 0 OR status = 'paid')", new { Id = id.ToString() })) == 3,
            "Communication to copy the installments and the paid down payment");
        return agreement;
    }

    /// <summary>Runs the schedules now, as a supervisor signed in today; returns the messages planned.</summary>
    private static async Task<int> RunAsync(Dunning dunning)
    {
        var supervisor = await dunning.App.PersonAsync("supervisor");
        var started = await supervisor.PostAsync("/api/v1/communication/runs", null);
        Assert.That(started.StatusCode, Is.EqualTo(HttpStatusCode.Accepted), await started.Content.ReadAsStringAsync());
        var id = (await started.JsonAsync()).GetProperty("id").GetGuid();
        JsonElement run = default;
        await RecoveryApp.EventuallyAsync(async () =>
            (run = await (await supervisor.GetAsync($"/api/v1/communication/runs/{id}")).JsonAsync()).GetProperty("status").GetString() != "running", "the run");
        Assert.That(run.GetProperty("status").GetString(), Is.EqualTo("completed"), run.ToString());
        return run.GetProperty("planned").GetInt32();
    }

    private static async Task<JsonElement[]> RemindersAsync(Dunning dunning, Guid debtorId) =>
        (await Dunning.MessagesAsync(await dunning.App.PersonAsync("agent"), debtorId)).Where(m => m.GetProperty("agreementId").ValueKind != JsonValueKind.Null).ToArray();

    /// <summary>The debtor's reminder steps, in the order they were planned; each planned the day the clock is on when it was.</summary>
    private static async Task<string[]> StepsAsync(Dunning dunning, Guid debtorId) =>
        (await RemindersAsync(dunning, debtorId)).OrderBy(m => m.GetProperty("createdAt").GetDateTimeOffset()).Select(m => m.GetProperty("stepKey").GetString()!).ToArray();
}
