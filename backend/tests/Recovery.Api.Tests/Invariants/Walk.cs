namespace Recovery.Api.Tests.Invariants;

/// <summary>
/// The state of a seeded random walk through the HTTP API, and the people and partners driving it. The actions are in
/// <see cref="WalkActions"/>; after each one the walk waits for the events to settle and reads back, through the
/// partners' API, what became of every debt (so each step starts from a known state and a seed replays the walk).
/// </summary>
internal sealed partial class Walk(RecoveryApp app, DebtViews views, int seed)
{
    private readonly Random _random = new(seed);
    private int _next;

    public List<WalkPartner> Partners { get; } = [];
    public List<WalkDebt> Debts { get; } = [];
    public List<WalkAgreement> Agreements { get; } = [];
    public HttpClient Agent { get; private set; } = null!;
    public HttpClient Supervisor { get; private set; } = null!;
    public int Step { get; private set; }

    /// <summary>Time spent waiting for events to settle, for the log.</summary>
    public long QuietMs { get; private set; }

    /// <summary>The disagreements found, each once (a disagreement that lasts is not repeated at every check).</summary>
    public List<string> Failures { get; } = [];
    private readonly HashSet<string> _seen = [];

    /// <summary>How many failures of each kind: communication, reporting, aging, planned, sent, run.</summary>
    public Dictionary<string, int> Kinds { get; } = [];

    /// <summary>When the current step's changes count from (a step that moves the clock first moves it).</summary>
    private DateTimeOffset _changesAt;

    public const string Template = "walk-email";

    public async Task StartAsync(int partners)
    {
        Agent = await app.PersonAsync("agent");
        Supervisor = await app.PersonAsync("supervisor");
        (await Supervisor.PutAsJsonAsync($"/api/v1/communication/templates/{Template}", new
        {
            channel = "email",
            subject = "{{credor}}: contrato {{contrato}}",
            body = "<p>Olá, {{nome}}. O contrato {{contrato}}, de {{valor}}, vence em {{vencimento}}.</p><p>{{credor}} — CNPJ {{cnpj_credor}}</p>",
        })).EnsureSuccessStatusCode();
        for (var i = 0; i < partners; i++)
        {
            var (client, id, _) = await app.PartnerAsync();
            var partner = new WalkPartner { Index = i, Client = client, Id = id };
            Partners.Add(partner);
            for (var k = 0; k < 3; k++) await PushNewAsync(partner);
            var admin = await app.AdminAsync();
            var portfolios = await (await admin.GetAsync($"/api/v1/admin/partners/{id}/portfolios")).JsonAsync();
            var portfolioId = portfolios.GetProperty("items")[0].GetProperty("id").GetGuid();
            (await Supervisor.PutAsJsonAsync($"/api/v1/portfolios/{portfolioId}/schedule", new
            {
                steps = new object[]
                {
                    new { key = "D-5", offsetDays = -5, channel = "email", template = Template },
                    new { key = "D+1", offsetDays = 1, channel = "email", template = Template },
                    new { key = "D+12", offsetDays = 12, channel = "email", template = Template },
                    new { key = "D+25", offsetDays = 25, channel = "email", template = Template },
                    new { key = "D+40", offsetDays = 40, channel = "email", template = Template },
                    new { key = "D+60", offsetDays = 60, channel = "email", template = Template },
                    new { key = "D+90", offsetDays = 90, channel = "email", template = Template },
                    new { key = "D+120", offsetDays = 120, channel = "email", template = Template },
                    new { key = "D+150", offsetDays = 150, channel = "email", template = Template },
                },
            })).EnsureSuccessStatusCode();
        }
        await SettleAsync();
    }

    public void Log(string line) => TestContext.Out.WriteLine($"[seed {seed}] {line}");

    /// <summary>Runs one step: an action drawn from those the state allows, then the wait for its events.</summary>
    public async Task StepAsync(int step)
    {
        Step = step;
        _changesAt = app.Clock.GetUtcNow();
        var watch = System.Diagnostics.Stopwatch.StartNew();
        var (name, action) = Draw();
        var what = await action();
        var acted = watch.ElapsedMilliseconds;
        var changes = await SettleAsync();
        Log($"step {step} ({app.Today:yyyy-MM-dd}, {acted}+{watch.ElapsedMilliseconds - acted} ms): {name}: {what}");
        foreach (var change in changes) Log("    " + change);
    }

    /// <summary>Waits for the events, then reads the debts and the agreements back and notes when debts left or re-entered open.</summary>
    private async Task<List<string>> SettleAsync()
    {
        var changes = new List<string>();
        var watch = System.Diagnostics.Stopwatch.StartNew();
        await views.QuiescentAsync($"seed {seed}, step {Step}");
        QuietMs += watch.ElapsedMilliseconds;
        foreach (var partner in Partners)
        {
            var list = await (await partner.Client.GetAsync("/api/v1/partner/invoices?limit=1000")).JsonAsync();
            foreach (var item in list.GetProperty("items").EnumerateArray())
            {
                var debt = Debts.FirstOrDefault(d => d.Debtor.Partner == partner && d.ExternalId == item.GetProperty("externalId").GetString());
                if (debt is null) continue;
                var status = item.GetProperty("status").GetString()!;
                if (debt.Status == "open" && status != "open") debt.NotOpen.Add((_changesAt, null));
                if (debt.Status != "open" && status == "open" && debt.NotOpen.Count > 0) debt.NotOpen[^1] = (debt.NotOpen[^1].Left, _changesAt);
                if (debt.Status != status) changes.Add($"{debt.ExternalId}: {debt.Status} -> {status}");
                debt.Status = status;
                debt.Outstanding = item.Money("outstanding");
            }
        }
        foreach (var a in Agreements.Where(a => a.Status is "active" or "pending_approval"))
            a.Status = (await (await Agent.GetAsync($"/api/v1/agreements/{a.Id}")).JsonAsync()).GetProperty("status").GetString()!;
        return changes;
    }

    /// <summary>Checks every invariant now (the walk is quiescent after each step); keeps the first failure of each kind per debt.</summary>
    public async Task CheckAsync()
    {
        var watch = System.Diagnostics.Stopwatch.StartNew();
        var found = await views.CheckAsync(seed, Step, Debts, Supervisor);
        Log($"check at step {Step} ({watch.ElapsedMilliseconds} ms): {found.Count} disagreement(s)");
        foreach (var (key, text) in found) Note(key, text);
    }

    /// <summary>Keeps a failure unless the same one (by its key: debt, module and the statuses) was found before.</summary>
    public void Note(string key, string failure)
    {
        if (!_seen.Add(key)) return;
        Failures.Add(failure);
        var kind = key.Split('|') is { Length: > 1 } parts ? parts[1] : key;
        Kinds[kind] = Kinds.GetValueOrDefault(kind) + 1;
        Log("    FAIL " + failure);
    }

    /// <summary>Moves the clock by whole days (the host keeps sessions for years, so nobody signs in again).</summary>
    public void Advance(int days)
    {
        app.Clock.Advance(TimeSpan.FromDays(days));
        _changesAt = app.Clock.GetUtcNow();
    }

    /// <summary>Notes that what follows in this step happens now (after the clock moved, before a job runs).</summary>
    private void ChangesFromNow() => _changesAt = app.Clock.GetUtcNow();

    private T Pick<T>(IReadOnlyList<T> items) => items[_random.Next(items.Count)];

    private string NextId(string prefix) => $"{prefix}-{++_next}";

    private bool Chance(int percent) => _random.Next(100) < percent;
}
