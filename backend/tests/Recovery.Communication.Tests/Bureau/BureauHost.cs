using Dapper;

namespace Recovery.Communication.Tests.Bureau;

/// <summary>A <see cref="Dunning"/> host wired to a <see cref="FakeBureau"/>, with a partner, an agent and a supervisor.</summary>
internal sealed class BureauHost : IAsyncDisposable
{
    public required FakeBureau Bureau { get; init; }
    public required Dunning Dunning { get; init; }
    public HttpClient Agent { get; private set; } = null!;
    public Guid AgentId { get; private set; }
    public HttpClient Supervisor { get; private set; } = null!;
    public RecoveryApp App => Dunning.App;

    public static async Task<BureauHost> StartAsync(Dictionary<string, string?>? settings = null)
    {
        var bureau = await FakeBureau.StartAsync();
        var wiring = bureau.Settings();
        foreach (var (k, v) in settings ?? []) wiring[k] = v;
        var host = new BureauHost { Bureau = bureau, Dunning = new Dunning(wiring) };
        host.Dunning.MoveTo(host.Dunning.Next(DayOfWeek.Tuesday, 14));   // 11:00 in São Paulo
        await host.Dunning.StartAsync();
        await host.SignInAsync();
        return host;
    }

    /// <summary>Signs the agent and the supervisor in (again, after the clock moved by days).</summary>
    public async Task SignInAsync()
    {
        Agent = await App.PersonAsync("agent");
        AgentId = (await (await Agent.GetAsync("/api/v1/auth/me")).JsonAsync()).GetProperty("id").GetGuid();
        Supervisor = await App.PersonAsync("supervisor");
    }

    /// <summary>Pushes a debt of the debtor with this CPF (digits) into the portfolio; waits until Bureau knows it.</summary>
    public async Task<(Guid DebtorId, Guid InvoiceId, string ExternalId)> DebtAsync(string cpf, string portfolio = "varejo", decimal amount = 1234.56m,
        string[]? phones = null, string[]? emails = null, DateOnly? dueDate = null)
    {
        var body = Invoices.Example(document: cpf);
        body["portfolio"] = portfolio;
        body["amount"] = amount;
        body["issueDate"] = null;
        body["dueDate"] = (dueDate ?? App.Today.AddDays(-20)).ToString("yyyy-MM-dd");
        if (phones is not null) body["debtor"]!["phones"] = new JsonArray(phones.Select(p => (JsonNode)p!).ToArray());
        if (emails is not null) body["debtor"]!["emails"] = new JsonArray(emails.Select(e => (JsonNode)e!).ToArray());
        var invoice = await (await Dunning.Partner.PushAsync(body)).JsonAsync();
        var invoiceId = invoice.GetProperty("id").GetGuid();
        await RecoveryApp.EventuallyAsync(async () => await App.WithConnectionAsync("bureau", c =>
                c.ExecuteScalarAsync<int>("SELECT COUNT(*) FROM bureau.debt WHERE invoice_id = @Id", new { Id = invoiceId.ToString() })) == 1,
            "Bureau to know the debt");
        await RecoveryApp.EventuallyAsync(async () => await App.WithConnectionAsync("communication", c =>
                c.ExecuteScalarAsync<int>("SELECT COUNT(*) FROM communication.debt WHERE invoice_id = @Id", new { Id = invoiceId.ToString() })) == 1,
            "Communication to know the debt");
        return (invoice.GetProperty("debtorId").GetGuid(), invoiceId, body["externalId"]!.GetValue<string>());
    }

    public Task<HttpResponseMessage> LookUpAsync(Guid debtorId, string purpose = "collection", string? language = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/debtors/{debtorId}/bureau-lookups") { Content = JsonContent.Create(new { purpose }) };
        if (language is not null) request.Headers.AcceptLanguage.ParseAdd(language);
        return Agent.SendAsync(request);
    }

    public async Task<JsonElement> SettingsAsync(Guid portfolioId, decimal? monthlyBudget = null, bool autoLookup = false, bool monitoring = false) =>
        await (await Supervisor.PutAsJsonAsync($"/api/v1/portfolios/{portfolioId}/bureau-settings", new { monthlyBudget, autoLookup, monitoring })).JsonAsync();

    public async Task<JsonElement[]> ContactsAsync(Guid debtorId) =>
        (await (await Agent.GetAsync($"/api/v1/debtors/{debtorId}")).JsonAsync()).GetProperty("contacts").EnumerateArray().ToArray();

    public async ValueTask DisposeAsync()
    {
        await Dunning.DisposeAsync();
        await Bureau.DisposeAsync();
    }
}
