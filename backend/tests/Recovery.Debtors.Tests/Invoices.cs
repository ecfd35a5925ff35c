namespace Recovery.Debtors.Tests;

/// <summary>Invoice bodies as partners send them.</summary>
internal static class Invoices
{
    /// <summary>The example of partner-api.md, with its own external id and document unless given.</summary>
    public static JsonObject Example(string? externalId = null, string? document = null) => JsonNode.Parse($$"""
        {
          "externalId": "{{externalId ?? "NF-" + Guid.NewGuid().ToString("N")[..12]}}",
          "portfolio": "varejo",
          "debtor": {
            "document": "{{document ?? "123.456.789-09"}}",
            "name": "Maria da Silva",
            "birthDate": "1980-05-01",
            "monthlyIncome": 3200.00,
            "emails": ["maria@example.com"],
            "phones": ["+5511987654321"],
            "address": { "street": "Rua A", "number": "10", "complement": null, "district": "Centro",
                         "city": "São Paulo", "state": "SP", "postalCode": "01310-100" }
          },
          "amount": 1234.56,
          "issueDate": "2026-08-01",
          "dueDate": "2026-09-01",
          "description": "Parcela 3/10 do contrato 998",
          "terms": { "finePercent": 2.0, "monthlyInterestPercent": 1.0, "correctionIndex": "IPCA" },
          "consumer": true
        }
        """)!.AsObject();

    public static Task<HttpResponseMessage> PushAsync(this HttpClient partner, JsonNode body, string? idempotencyKey = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/partner/invoices") { Content = JsonContent.Create(body) };
        if (idempotencyKey is not null) request.Headers.Add("Idempotency-Key", idempotencyKey);
        return partner.SendAsync(request);
    }

    public static Task<HttpResponseMessage> PushRawAsync(this HttpClient partner, string json, string path = "/api/v1/partner/invoices") =>
        partner.PostAsync(path, new StringContent(json, System.Text.Encoding.UTF8, "application/json"));

    public static Task<HttpResponseMessage> BatchAsync(this HttpClient partner, IEnumerable<JsonNode?> items, string? idempotencyKey = null)
    {
        var body = new JsonObject { ["invoices"] = new JsonArray(items.Select(i => i?.DeepClone()).ToArray()) };
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/partner/invoices/batch") { Content = JsonContent.Create(body) };
        if (idempotencyKey is not null) request.Headers.Add("Idempotency-Key", idempotencyKey);
        return partner.SendAsync(request);
    }

    public static async Task<JsonElement> InvoiceAsync(this HttpClient partner, string externalId) =>
        await (await partner.GetAsync($"/api/v1/partner/invoices/{Uri.EscapeDataString(externalId)}")).JsonAsync();
}
