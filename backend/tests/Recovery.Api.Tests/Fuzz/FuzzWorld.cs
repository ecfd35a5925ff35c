using System.Text.Json.Nodes;

namespace Recovery.Api.Tests.Fuzz;

/// <summary>
/// What the fuzz needs to reach the code behind the lookups: a partner with debts, its debtor and portfolio, the
/// people of each role, and the values the path parameters and body members take when they are meant to be right.
/// </summary>
internal sealed class FuzzWorld
{
    public required HttpClient Anonymous { get; init; }
    public required HttpClient Partner { get; init; }
    /// <summary>A provider calling back with the shared token.</summary>
    public required HttpClient Provider { get; init; }
    /// <summary>Administrator first, then supervisor, agent and auditor: the first one let in calls an operation.</summary>
    public required IReadOnlyList<HttpClient> People { get; init; }
    public required IReadOnlyDictionary<string, string> PathValues { get; init; }
    public required IReadOnlyDictionary<string, string> KnownValues { get; init; }

    public static async Task<FuzzWorld> CreateAsync(RecoveryApp app, Random random, string providerToken)
    {
        var (partner, _, _) = await app.PartnerAsync();
        // Administrative calls on a partner go to another one, so no variation revokes the key the fuzz pushes with.
        var (_, otherPartnerId, _) = await app.PartnerAsync();
        var document = TestData.Cpf(random);
        var externalId = "FUZZ-" + random.Next(100000, 999999);
        for (var i = 0; i < 3; i++)
        {
            var invoice = new JsonObject
            {
                ["externalId"] = i == 0 ? externalId : $"{externalId}-{i}",
                ["portfolio"] = "FUZZ",
                ["debtor"] = new JsonObject { ["document"] = document, ["name"] = "Maria Fuzz", ["emails"] = new JsonArray("maria@fuzz.test"), ["phones"] = new JsonArray("+5511987654321") },
                ["amount"] = 1234.56m,
                ["dueDate"] = app.Today.AddDays(-40 * (i + 1)).ToString("yyyy-MM-dd"),
                ["consumer"] = true,
            };
            (await partner.PostAsJsonAsync("/api/v1/partner/invoices", invoice)).EnsureSuccessStatusCode();
        }
        var people = new List<HttpClient> { await app.AdminAsync() };
        foreach (var role in new[] { "supervisor", "agent", "auditor" }) people.Add(await app.PersonAsync(role));

        var debtorId = "";
        await RecoveryApp.EventuallyAsync(async () =>
        {
            var found = await (await people[1].GetAsync($"/api/v1/debtors?query={document}")).JsonAsync();
            var items = found.GetProperty("items");
            if (items.GetArrayLength() > 0) debtorId = items[0].GetProperty("id").GetString()!;
            return debtorId != "";
        }, "the debtor pushed for the fuzz");
        var debtor = await (await people[1].GetAsync($"/api/v1/debtors/{debtorId}")).JsonAsync();
        var invoiceId = debtor.GetProperty("invoices")[0].GetProperty("id").GetString()!;
        var agentId = (await (await people[2].GetAsync("/api/v1/auth/me")).JsonAsync()).GetProperty("id").GetString()!;
        var portfolios = await (await people[0].GetAsync("/api/v1/portfolios")).JsonAsync();
        var portfolioId = portfolios.GetProperty("items").EnumerateArray().First(p => p.GetProperty("code").GetString() == "FUZZ").GetProperty("id").GetString()!;

        return new FuzzWorld
        {
            Anonymous = app.Anonymous(),
            Provider = ProviderClient(app, providerToken),
            Partner = partner,
            People = people,
            PathValues = new Dictionary<string, string>
            {
                ["debtorId"] = debtorId,
                ["/api/v1/debtors/{id}|id"] = debtorId,
                ["portfolioId"] = portfolioId,
                ["partnerId"] = otherPartnerId.ToString(),
                ["externalId"] = externalId,
                ["index"] = "IPCA",
                ["channel"] = "sms",
                ["format"] = "png",
                ["number"] = "1",
                ["document"] = document,
                ["code"] = "FUZZ",
                ["/api/v1/communication/templates/{code}|code"] = "fuzz-template",
                ["query"] = document,
            },
            KnownValues = new Dictionary<string, string>
            {
                ["debtorid"] = debtorId,
                ["portfolioid"] = portfolioId,
                ["portfolio"] = "FUZZ",
                ["document"] = document,
                ["correctionindex"] = "IPCA",
                ["role"] = "agent",
                ["channel"] = "email",
                ["externalid"] = externalId + "-new",
                ["phone"] = "+5511987654321",
                ["agentid"] = agentId,
                ["invoiceid"] = invoiceId,
                ["POST /api/v1/admin/partners|document"] = TestData.Cnpj(),
            },
        };
    }

    private static HttpClient ProviderClient(RecoveryApp app, string token)
    {
        var client = app.Anonymous();
        client.DefaultRequestHeaders.Add("X-Provider-Token", token);
        return client;
    }
}
