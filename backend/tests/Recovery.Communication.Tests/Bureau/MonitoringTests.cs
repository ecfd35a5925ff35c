namespace Recovery.Communication.Tests.Bureau;

/// <summary>Monitoring: the bureau's changes on a monitored debtor become alerts, queue reasons and partner webhooks (ADR 0028).</summary>
public sealed class MonitoringTests
{
    [Test]
    public async Task A_new_restriction_and_a_rising_score_become_a_work_queue_reason_a_timeline_entry_and_a_bureau_alert_webhook()
    {
        await using var host = await BureauHost.StartAsync();
        var cpf = TestData.Cpf();
        host.Bureau.Answers[cpf] = new FakeBureau.Answer(500, [], []);
        var debt = await host.DebtAsync(cpf);
        await host.SettingsAsync(await host.Dunning.PortfolioIdAsync(), monitoring: true);
        (await host.Dunning.Partner.PutAsJsonAsync("/api/v1/partner/webhook",
            new { url = host.Dunning.Provider.Url + "hooks/recovery", events = new[] { "bureau.alert" } })).EnsureSuccessStatusCode();

        async Task<string> RunAsync()
        {
            var admin = await host.App.AdminAsync();
            return (await (await admin.PostAsync("/api/v1/admin/jobs/bureau-monitoring/runs", null)).JsonAsync()).GetProperty("outcome").GetString()!;
        }

        Assert.That(await RunAsync(), Does.StartWith("1 looked up, 0 alerts"), "the first answer is the baseline");
        host.Bureau.Answers[cpf] = new FakeBureau.Answer(580,
            [new { id = "P-77", tipo = "protesto", credor = "Loja Outra Ltda", valor = 430.10m, data = "2026-11-20" }], []);
        Assert.That(await RunAsync(), Does.StartWith("0 looked up"), "not again before a week");

        host.Dunning.MoveTo(host.App.Clock.GetUtcNow().AddDays(8));
        await host.SignInAsync();
        (await host.Supervisor.PostAsJsonAsync("/api/v1/debtors/assignments", new { agentId = host.AgentId, invoiceIds = new[] { debt.InvoiceId } }))
            .EnsureSuccessStatusCode();
        Assert.That(await RunAsync(), Does.StartWith("1 looked up, 2 alerts"));

        JsonElement item = default;
        await RecoveryApp.EventuallyAsync(async () =>
        {
            var items = (await (await host.Agent.GetAsync("/api/v1/work-queue")).JsonAsync()).GetProperty("items").EnumerateArray().ToArray();
            item = items.SingleOrDefault(i => i.GetProperty("debtorId").GetGuid() == debt.DebtorId);
            return item.ValueKind == JsonValueKind.Object && item.GetProperty("reasonCode").GetString() == "bureau_alert";
        }, "the alert as the debtor's reason in the work queue");
        Assert.That(item.GetProperty("reason").GetString(), Does.StartWith("alerta do birô: "));

        await RecoveryApp.EventuallyAsync(() => Task.FromResult(host.Dunning.Provider.Received.Count(r => r.Path == "/hooks/recovery") == 2),
            "two bureau.alert deliveries");
        var hooks = host.Dunning.Provider.Received.Where(r => r.Path == "/hooks/recovery").Select(r => r.Body).ToList();
        Assert.That(hooks.Select(h => h.GetProperty("type").GetString()), Is.All.EqualTo("bureau.alert"));
        Assert.That(hooks.Select(h => h.GetProperty("data").GetProperty("kind").GetString()), Is.EquivalentTo(new[] { "new_restriction", "score_rising" }));
        var rising = hooks.Single(h => h.GetProperty("data").GetProperty("kind").GetString() == "score_rising").GetProperty("data");
        Assert.That(rising.GetProperty("scoreBefore").GetInt32(), Is.EqualTo(500));
        Assert.That(rising.GetProperty("scoreAfter").GetInt32(), Is.EqualTo(580));
        Assert.That(rising.GetProperty("externalIds").EnumerateArray().Select(e => e.GetString()), Is.EqualTo(new[] { debt.ExternalId }));

        var timeline = (await (await host.Agent.GetAsync($"/api/v1/debtors/{debt.DebtorId}/timeline")).JsonAsync()).GetProperty("items").EnumerateArray()
            .Where(e => e.GetProperty("kind").GetString() == "bureau_alert").Select(e => e.GetProperty("text").GetString()).ToList();
        Assert.That(timeline, Has.Count.EqualTo(2));
        Assert.That(timeline, Has.One.Contains("protesto (Loja Outra Ltda) de R$ 430,10"));
        var lookups = await (await host.Agent.GetAsync($"/api/v1/debtors/{debt.DebtorId}/bureau-lookups")).JsonAsync();
        Assert.That(lookups.GetProperty("monitored").GetBoolean(), Is.True);
        Assert.That(lookups.GetProperty("alerts").GetArrayLength(), Is.EqualTo(2));
        Assert.That(host.Bureau.Violations, Is.Empty);
    }
}
