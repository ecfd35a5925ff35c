namespace Recovery.Communication.Tests;

public sealed class NegativacaoTests
{
    [Test]
    public async Task A_debt_is_registered_after_the_notice_period_removed_when_paid_and_a_prescribed_one_never()
    {
        await using var dunning = new Dunning(new()
        {
            ["Communication:Negativacao:Interval"] = "00:00:00.200",
            ["Debtors:Prescription:Interval"] = "00:00:00.200",
        });
        dunning.MoveTo(dunning.Next(DayOfWeek.Tuesday, 13));
        await dunning.StartAsync();
        var today = dunning.App.Today;
        var supervisor = await dunning.App.PersonAsync("supervisor");
        await dunning.TemplateAsync(supervisor, "aviso-negativacao", "letter",
            "<p>{{nome}}, o débito do contrato {{contrato}}, de {{valor}}, será incluído nos cadastros de proteção ao crédito em 10 dias se não for pago.</p><p>{{credor}}, CNPJ {{cnpj_credor}}</p>");
        (await dunning.Partner.PutAsJsonAsync("/api/v1/partner/webhook",
            new { url = dunning.Provider.Url + "hooks", events = new[] { "negativacao.registered", "negativacao.removed" } })).EnsureSuccessStatusCode();
        var debt = await dunning.DebtAsync(today.AddDays(-30));
        var old = await dunning.DebtAsync(today.AddYears(-5).AddDays(5));   // prescribes within the notice period
        (await supervisor.PutAsJsonAsync($"/api/v1/portfolios/{await dunning.PortfolioIdAsync()}/schedule", new
        {
            steps = new object[]
            {
                new { key = "NEG-D+30", offsetDays = 30, channel = "negativacao", template = "aviso-negativacao" },
                new { key = "NEG-OLD", offsetDays = (today.DayNumber - today.AddYears(-5).AddDays(5).DayNumber), channel = "negativacao", template = "aviso-negativacao" },
            },
        })).EnsureSuccessStatusCode();
        (await supervisor.PostAsync("/api/v1/communication/runs", null)).EnsureSuccessStatusCode();
        var agent = await dunning.App.PersonAsync("agent");
        var notified = await NegativacaoAsync(agent, debt.DebtorId, "notified");
        Assert.That(notified.GetProperty("eligibleOn").GetString(), Is.EqualTo(today.AddDays(10).ToString("yyyy-MM-dd")));
        await NegativacaoAsync(agent, old.DebtorId, "notified");
        var letters = (await (await agent.GetAsync("/api/v1/communication/letters")).JsonAsync()).GetProperty("items");
        Assert.That(letters.GetArrayLength(), Is.EqualTo(2), "the written notice goes by letter");

        dunning.MoveTo(dunning.App.Clock.GetUtcNow().AddDays(9));
        agent = await dunning.App.PersonAsync("agent");
        await Task.Delay(800);
        Assert.That((await NegativacaoAsync(agent, debt.DebtorId, null)).GetProperty("status").GetString(), Is.EqualTo("notified"), "not before the tenth day");
        dunning.MoveTo(dunning.App.Clock.GetUtcNow().AddDays(1));
        agent = await dunning.App.PersonAsync("agent");
        var registered = await NegativacaoAsync(agent, debt.DebtorId, "registered");
        var protocol = registered.GetProperty("registrationProtocol").GetString()!;
        var file = Path.Combine(dunning.App.DataDirectory, "bureau", "outgoing", protocol);
        Assert.That(File.Exists(file), Is.True, file);
        var lines = File.ReadAllLines(file);
        Assert.That(lines[0], Does.StartWith("tipo;id;documento;nome;credor"));
        Assert.That(lines.Skip(1).Single(), Does.StartWith("INCLUSAO;" + registered.GetProperty("id").GetString()).And.Contain("Maria da Silva"));
        var dropped = await NegativacaoAsync(agent, old.DebtorId, "dropped");
        Assert.That(dropped.GetProperty("registrationProtocol").ValueKind, Is.EqualTo(JsonValueKind.Null), "a prescribed debt is never registered");

        (await dunning.Partner.PostAsJsonAsync($"/api/v1/partner/invoices/{debt.ExternalId}/payments",
            new { paymentId = "PG-NEG", amount = 1234.56m, paidAt = dunning.App.Today })).EnsureSuccessStatusCode();
        var removed = await NegativacaoAsync(agent, debt.DebtorId, "removed");
        Assert.That(removed.GetProperty("removalReason").GetString(), Is.EqualTo("débito pago"));
        Assert.That(removed.GetProperty("removedLate").GetBoolean(), Is.False);
        Assert.That(removed.GetProperty("steps").EnumerateArray().Select(s => s.GetProperty("step").GetString()), Is.EqualTo(new[] { "notified", "registered", "removed" }));
        Assert.That(Directory.GetFiles(Path.GetDirectoryName(file)!, "EXCLUSAO-*.csv"), Has.Length.EqualTo(1));

        await RecoveryApp.EventuallyAsync(() => Task.FromResult(dunning.Provider.Received.Count == 2), "both webhook events");
        Assert.That(dunning.Provider.Received.Select(r => r.Body.GetProperty("type").GetString()), Is.EquivalentTo(new[] { "negativacao.registered", "negativacao.removed" }));

        // The auditors' negativação report: two notices, one registration, one removal in time, nothing pending.
        var auditor = await dunning.App.PersonAsync("auditor");
        var period = $"from={today:yyyy-MM-dd}&to={dunning.App.Today:yyyy-MM-dd}";
        await RecoveryApp.EventuallyAsync(async () =>
            (await (await auditor.GetAsync($"/api/v1/reports/negativacao?{period}")).JsonAsync()).GetProperty("removals").GetInt64() == 1, "the removal in the report");
        var report = await (await auditor.GetAsync($"/api/v1/reports/negativacao?{period}&partnerId={dunning.PartnerId}")).JsonAsync();
        Assert.That(new[] { "notices", "registrations", "removals", "removalsLate", "pendingRemovals", "pendingLate" }.Select(p => report.GetProperty(p).GetInt64()),
            Is.EqualTo(new long[] { 2, 1, 1, 0, 0, 0 }));
        var before = await (await auditor.GetAsync($"/api/v1/reports/negativacao?from={today.AddDays(-30):yyyy-MM-dd}&to={today.AddDays(-1):yyyy-MM-dd}")).JsonAsync();
        Assert.That(before.GetProperty("notices").GetInt64(), Is.Zero, "nothing was sent before the period");
    }

    private static async Task<JsonElement> NegativacaoAsync(HttpClient agent, Guid debtorId, string? status)
    {
        JsonElement found = default;
        await RecoveryApp.EventuallyAsync(async () =>
        {
            var items = (await (await agent.GetAsync($"/api/v1/communication/negativacoes?debtorId={debtorId}")).JsonAsync()).GetProperty("items");
            if (items.GetArrayLength() == 0) return false;
            found = items[0];
            return status is null || found.GetProperty("status").GetString() == status;
        }, $"the negativação {status}");
        return found;
    }
}
