using System.Text.Json.Nodes;
using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace Recovery.Api;

/// <summary>
/// Examples for the partner operations, as partner-api.md shows them. They are valid requests: the contract tests
/// (scripts/contract-tests.sh) send them in this order, so the invoice pushed first is the one read, paid and cancelled.
/// </summary>
internal sealed class PartnerExamplesFilter : IOperationFilter
{
    private const string ExternalId = "NF-2026-000123";

    private const string Invoice = """
        {
          "externalId": "NF-2026-000123",
          "portfolio": "varejo",
          "debtor": {
            "document": "123.456.789-09",
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
        """;

    private static readonly Dictionary<string, string> Bodies = new()
    {
        ["PushInvoice"] = Invoice,
        ["PushInvoiceBatch"] = $$"""
            { "invoices": [ {{Invoice}}, { "externalId": "NF-2026-000124", "debtor": { "document": "11.222.333/0001-81", "name": "Comercial Exemplo Ltda" },
              "amount": 980.00, "dueDate": "2026-09-15" } ] }
            """,
        ["RegisterPayment"] = """{ "paymentId": "PG-77", "amount": 100.00, "paidAt": "2026-11-20" }""",
        ["CancelInvoice"] = """{ "reason": "Contrato renegociado diretamente com o cliente" }""",
        ["ReceivePixPayment"] = """{ "txid": "RK7f3a9c2e41b84d0c9e1a", "endToEndId": "E00000000202611201200abcdef12345", "amount": 150.00, "paidAt": "2026-11-20" }""",
        ["SaveWebhook"] = """{ "url": "https://erp.example.com/recovery/webhook", "events": ["invoice.paid", "agreement.created"] }""",
    };

    private static readonly Dictionary<string, string> Parameters = new()
    {
        ["externalId"] = ExternalId,
        ["status"] = "open",
        ["limit"] = "100",
    };

    public void Apply(OpenApiOperation operation, OperationFilterContext context)
    {
        var isPartner = context.ApiDescription.RelativePath?.StartsWith("api/v1/partner/", StringComparison.Ordinal) == true;
        if (!isPartner) return;
        if (operation.OperationId is { } id && Bodies.TryGetValue(id, out var body)
            && operation.RequestBody?.Content?.TryGetValue("application/json", out var media) == true && media is not null)
            media.Example = JsonNode.Parse(body);
        foreach (var parameter in operation.Parameters?.OfType<OpenApiParameter>() ?? [])
            if (parameter.In is ParameterLocation.Path or ParameterLocation.Query && Parameters.TryGetValue(parameter.Name ?? "", out var value))
                parameter.Example = parameter.Schema?.Type?.HasFlag(JsonSchemaType.Integer) == true ? JsonValue.Create(int.Parse(value)) : JsonValue.Create(value);
    }
}
