namespace Recovery.Api.Tests.Analytics;

/// <summary>Debts pushed by a partner and the payments on them, for the analytics tests.</summary>
internal sealed class AnalyticsWorld(RecoveryApp app, HttpClient partner)
{
    public sealed record Debt(string ExternalId, Guid InvoiceId, Guid DebtorId, decimal Amount);

    public async Task<Debt> PushAsync(decimal amount, int daysLate, decimal? income = 3200m)
    {
        var externalId = "NF-" + Guid.NewGuid().ToString("N")[..12];
        var body = new
        {
            externalId, portfolio = "varejo",
            debtor = new
            {
                document = TestData.Cpf(), name = "Maria da Silva", monthlyIncome = income, emails = new[] { "maria@example.com" },
                address = new { street = "Rua A", number = "10", district = "Centro", city = "São Paulo", state = "SP", postalCode = "01310-100" },
            },
            amount, dueDate = app.Today.AddDays(-daysLate).ToString("yyyy-MM-dd"), consumer = true,
        };
        var response = await partner.PostAsJsonAsync("/api/v1/partner/invoices", body);
        response.EnsureSuccessStatusCode();
        var invoice = await response.JsonAsync();
        return new Debt(externalId, invoice.GetProperty("id").GetGuid(), invoice.GetProperty("debtorId").GetGuid(), amount);
    }

    /// <summary>The partner registers a payment; <paramref name="paidAt"/> is the day it claims (today unless given).</summary>
    public async Task PayAsync(Debt debt, decimal amount, DateOnly? paidAt = null) =>
        (await partner.PostAsJsonAsync($"/api/v1/partner/invoices/{debt.ExternalId}/payments",
            new { paymentId = "PG-" + Guid.NewGuid().ToString("N")[..8], amount, paidAt = (paidAt ?? app.Today).ToString("yyyy-MM-dd") })).EnsureSuccessStatusCode();

    public static async Task<JsonElement> FeaturesAsync(HttpClient person, Guid invoiceId, DateOnly? asOf = null)
    {
        var response = await person.GetAsync($"/api/v1/analytics/debts/{invoiceId}/features{(asOf is { } d ? $"?asOf={d:yyyy-MM-dd}" : "")}");
        response.EnsureSuccessStatusCode();
        return await response.JsonAsync();
    }

    public static Dictionary<string, double> Values(JsonElement features) =>
        features.GetProperty("features").EnumerateArray().ToDictionary(f => f.GetProperty("code").GetString()!, f => f.GetProperty("value").GetDouble());

    /// <summary>Waits until Analytics' features of the debt as of today satisfy the condition (events arrive asynchronously).</summary>
    public static async Task<Dictionary<string, double>> EventuallyAsync(HttpClient person, Guid invoiceId, Func<Dictionary<string, double>, bool> condition,
        string what)
    {
        Dictionary<string, double> values = [];
        await RecoveryApp.EventuallyAsync(async () =>
        {
            var response = await person.GetAsync($"/api/v1/analytics/debts/{invoiceId}/features");
            if (!response.IsSuccessStatusCode) return false;
            values = Values(await response.JsonAsync());
            return condition(values);
        }, what);
        return values;
    }
}
