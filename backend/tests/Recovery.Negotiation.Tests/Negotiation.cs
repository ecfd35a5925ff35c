namespace Recovery.Negotiation.Tests;

/// <summary>Helpers for the negotiation tests: debts pushed by a partner as of fixed dates, index values, people.</summary>
internal static class Negotiation
{
    /// <summary>Pushes one debt for <paramref name="document"/> and returns (invoiceId, debtorId, externalId).</summary>
    public static async Task<(Guid InvoiceId, Guid DebtorId, string ExternalId)> DebtAsync(this HttpClient partner, string document,
        decimal amount, string dueDate, decimal fine = 2m, decimal interest = 1m, string index = "IPCA", bool consumer = true,
        string portfolio = "varejo", decimal? income = 3200m)
    {
        var body = Invoices.Example(document: document);
        body["portfolio"] = portfolio;
        body["amount"] = amount;
        body["issueDate"] = null;
        body["dueDate"] = dueDate;
        body["consumer"] = consumer;
        body["debtor"]!["monthlyIncome"] = income;
        body["terms"] = new JsonObject { ["finePercent"] = fine, ["monthlyInterestPercent"] = interest, ["correctionIndex"] = index };
        var invoice = await (await partner.PushAsync(body)).JsonAsync();
        return (invoice.GetProperty("id").GetGuid(), invoice.GetProperty("debtorId").GetGuid(), invoice.GetProperty("externalId").GetString()!);
    }

    public static async Task LoadIndexAsync(this RecoveryApp app, string index, params (string Month, decimal Percent)[] values)
    {
        var admin = await app.AdminAsync();
        (await admin.PutAsJsonAsync($"/api/v1/admin/indices/{index}",
            new { values = values.Select(v => new { month = v.Month, percent = v.Percent }) })).EnsureSuccessStatusCode();
    }

    public static async Task<Guid> IdAsync(this HttpClient person) =>
        (await (await person.GetAsync("/api/v1/auth/me")).JsonAsync()).GetProperty("id").GetGuid();
}
