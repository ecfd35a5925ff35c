using Microsoft.Extensions.DependencyInjection;
using Recovery.Communication.Jobs;

namespace Recovery.Communication.Tests;

/// <summary>What happens while a message is leaving: cancelled meanwhile, or wanted by two dispatchers at once.</summary>
public sealed class DispatchRaceTests
{
    private static async Task<(Dunning Dunning, HttpClient Agent)> StartAsync(DateTimeOffset at)
    {
        var dunning = new Dunning();
        dunning.MoveTo(at);
        await dunning.StartAsync();
        var supervisor = await dunning.App.PersonAsync("supervisor");
        await dunning.TemplateAsync(supervisor, "aviso", "email", "<p>{{nome}}: {{valor}}</p><p>{{credor}} CNPJ {{cnpj_credor}}</p>", "Aviso de débito");
        return (dunning, await dunning.App.PersonAsync("agent"));
    }

    private static async Task<Guid> SendAsync(HttpClient agent, Guid debtorId, Guid invoiceId)
    {
        var response = await agent.PostAsJsonAsync($"/api/v1/debtors/{debtorId}/messages", new { template = "aviso", invoiceId });
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Accepted), await response.Content.ReadAsStringAsync());
        return (await response.JsonAsync()).GetProperty("id").GetGuid();
    }

    private static string[] Outcomes(JsonElement message) =>
        message.GetProperty("history").EnumerateArray().Select(h => h.GetProperty("outcome").GetString()!).ToArray();

    [Test]
    public async Task A_message_cancelled_by_a_payment_while_it_is_leaving_is_not_recorded_as_sent()
    {
        var (dunning, agent) = await StartAsync(new Dunning().Next(DayOfWeek.Wednesday, 14));
        await using var _ = dunning;
        dunning.Smtp.Gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var debt = await dunning.DebtAsync(dunning.App.Today.AddDays(-10));
        var id = await SendAsync(agent, debt.DebtorId, debt.InvoiceId);

        // The dispatcher claimed the message and is sending it: the SMTP server holds its answer.
        await RecoveryApp.EventuallyAsync(() => Task.FromResult(!dunning.Smtp.Arrived.IsEmpty), "the e-mail at the SMTP server");
        var claimed = (await Dunning.MessagesAsync(agent, debt.DebtorId)).Single(m => m.GetProperty("id").GetGuid() == id);
        Assert.That(claimed.GetProperty("status").GetString(), Is.EqualTo("queued"));
        Assert.That(claimed.GetProperty("attempts").GetInt32(), Is.EqualTo(1), "claimed");

        (await dunning.Partner.PostAsJsonAsync($"/api/v1/partner/invoices/{debt.ExternalId}/payments",
            new { paymentId = "PG-1", amount = 1234.56m, paidAt = dunning.App.Today })).EnsureSuccessStatusCode();
        await Dunning.MessageAsync(agent, debt.DebtorId, m => m.GetProperty("status").GetString() == "cancelled", "the message cancelled by the payment");

        dunning.Smtp.Gate.SetResult();
        // A run asked for now waits for the run in flight, whose record step is then done.
        var admin = await dunning.App.AdminAsync();
        (await admin.PostAsync("/api/v1/admin/jobs/dispatch/runs", null)).EnsureSuccessStatusCode();
        Assert.That(dunning.Smtp.Received, Has.Count.EqualTo(1), "the e-mail did leave");

        var after = (await Dunning.MessagesAsync(agent, debt.DebtorId)).Single(m => m.GetProperty("id").GetGuid() == id);
        Assert.That(after.GetProperty("status").GetString(), Is.EqualTo("cancelled"));
        Assert.That(after.GetProperty("reason").GetString(), Is.EqualTo("débito pago"));
        Assert.That(after.GetProperty("sentAt").ValueKind, Is.EqualTo(JsonValueKind.Null));
        Assert.That(Outcomes(after), Is.EqualTo(new[] { "cancelled" }), "no 'sent' after the cancellation");
    }

    [Test]
    public async Task Two_dispatchers_at_once_send_each_message_once()
    {
        var sunday = new Dunning().Next(DayOfWeek.Sunday, 15);
        var (dunning, agent) = await StartAsync(sunday);
        await using var _ = dunning;
        var messages = new List<(Guid DebtorId, Guid MessageId)>();
        for (var i = 0; i < 6; i++)
        {
            var debt = await dunning.DebtAsync(dunning.App.Today.AddDays(-10), email: $"devedor{i}@example.com");
            messages.Add((debt.DebtorId, await SendAsync(agent, debt.DebtorId, debt.InvoiceId)));
        }
        foreach (var (debtorId, messageId) in messages)   // all waiting for Monday morning
            await Dunning.MessageAsync(agent, debtorId, m => m.GetProperty("id").GetGuid() == messageId && Outcomes(m).Contains("deferred"), "the deferral");

        // Monday 08:00: the host's own dispatcher and two more, sharing its lease as if it did not exist, all find the six due.
        dunning.Smtp.Delay = TimeSpan.FromMilliseconds(150);
        var others = Enumerable.Range(0, 2).Select(_ => ActivatorUtilities.CreateInstance<DispatchJob>(dunning.App.Services)).ToList();
        dunning.MoveTo(new DateTimeOffset(sunday.Date.AddDays(1).AddHours(11).AddSeconds(1), TimeSpan.Zero));
        await Task.WhenAll(others.Select(job => job.RunNowAsync(CancellationToken.None)));
        var admin = await dunning.App.AdminAsync();
        (await admin.PostAsync("/api/v1/admin/jobs/dispatch/runs", null)).EnsureSuccessStatusCode();   // and the host's run is over
        agent = await dunning.App.AgainAsync(agent);   // the night ended the session

        Assert.That(dunning.Smtp.Received.Select(m => m.To.Single()).Order(), Is.EqualTo(Enumerable.Range(0, 6).Select(i => $"devedor{i}@example.com")),
            "each message once");
        foreach (var (debtorId, messageId) in messages)
        {
            var message = (await Dunning.MessagesAsync(agent, debtorId)).Single(m => m.GetProperty("id").GetGuid() == messageId);
            Assert.That(message.GetProperty("status").GetString(), Is.EqualTo("sent"));
            Assert.That(message.GetProperty("attempts").GetInt32(), Is.EqualTo(1), "claimed once");
            Assert.That(Outcomes(message).Count(o => o == "sent"), Is.EqualTo(1));
        }
    }
}
