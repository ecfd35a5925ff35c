using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Recovery.Debtors.Features.Invoices;

namespace Recovery.Api.Tests;

/// <summary>
/// The served OpenAPI document says what the API does (ADR 0016): request schemas carry the validators' rules, null is
/// said where it is returned, unknown fields are not refused, and each operation names its credential and its problems.
/// </summary>
public sealed class OpenApiDocumentTests
{
    private RecoveryApp _app = null!;
    private JsonNode _doc = null!;

    [OneTimeSetUp]
    public async Task Start()
    {
        _app = new RecoveryApp();
        _doc = JsonNode.Parse(await _app.Anonymous().GetStringAsync("/swagger/v1/swagger.json"))!;
    }

    [OneTimeTearDown] public async Task Stop() => await _app.DisposeAsync();

    private JsonNode Schema(string name) => _doc["components"]!["schemas"]![name]!;
    private JsonNode Operation(string path, string method) => _doc["paths"]![path]![method]!;
    private static string[] Strings(JsonNode? array) => array?.AsArray().Select(n => n!.GetValue<string>()).ToArray() ?? [];

    [Test]
    public void Request_schemas_carry_the_validators_rules()
    {
        var invoice = Schema("InvoiceInput");
        Assert.That(Strings(invoice["required"]), Is.EquivalentTo(new[] { "externalId", "debtor", "amount", "dueDate" }));
        Assert.That(invoice["properties"]!["externalId"]!["pattern"]!.GetValue<string>(), Is.EqualTo(InvoiceRules.ExternalId().ToString()));
        Assert.That(invoice["properties"]!["description"]!["maxLength"]!.GetValue<int>(), Is.EqualTo(500));
        var amount = invoice["properties"]!["amount"]!;
        Assert.That(amount["minimum"]!.GetValue<decimal>(), Is.EqualTo(0));
        Assert.That(amount["exclusiveMinimum"]!.GetValue<bool>(), Is.True);
        Assert.That(amount["maximum"]!.GetValue<decimal>(), Is.EqualTo(100_000_000m));
        Assert.That(amount["nullable"], Is.Null, "a required amount is not nullable");

        // Nested: the debtor's own validator, and a path through the address.
        Assert.That(Strings(Schema("DebtorInput")["required"]), Is.EquivalentTo(new[] { "document", "name" }));
        Assert.That(Schema("DebtorInput")["properties"]!["emails"]!["items"]!["format"]!.GetValue<string>(), Is.EqualTo("email"));
        Assert.That(Schema("AddressInput")["properties"]!["street"]!["maxLength"]!.GetValue<int>(), Is.EqualTo(200));

        // A slice's Body takes its Command's rules; closed lists are enums; a conditional NotEmpty is no requirement.
        Assert.That(Strings(Schema("RegisterPaymentBody")["required"]), Is.EquivalentTo(new[] { "paymentId", "amount", "paidAt" }));
        Assert.That(Strings(Schema("PlaceHoldBody")["properties"]!["kind"]!["enum"]),
            Is.EqualTo(new[] { "dispute", "hardship", "deceased", "lawsuit", "do_not_contact" }));
        Assert.That(Strings(Schema("WebhooksSaveBody")["properties"]!["events"]!["items"]!["enum"]), Does.Contain("invoice.paid"));
        var template = Schema("TemplatesSaveBody");
        Assert.That(Strings(template["required"]), Does.Not.Contain("subject"));
        Assert.That(template["properties"]!["subject"]!["minLength"], Is.Null);
        Assert.That(Schema("SchedulesBody")["properties"]!["steps"]!["maxItems"]!.GetValue<int>(), Is.EqualTo(50));
    }

    [Test]
    public void A_required_query_is_required()
    {
        var query = Operation("/api/v1/debtors", "get")["parameters"]!.AsArray().Single(p => p!["name"]!.GetValue<string>() == "query")!;
        Assert.That(query["required"]!.GetValue<bool>(), Is.True);
        var limit = Operation("/api/v1/partner/invoices", "get")["parameters"]!.AsArray().Single(p => p!["name"]!.GetValue<string>() == "limit")!;
        Assert.That(limit["schema"]!["maximum"]!.GetValue<int>(), Is.EqualTo(1000));
    }

    [Test]
    public void What_may_be_null_is_nullable_and_no_schema_refuses_unknown_fields()
    {
        var pix = Schema("Policy")["properties"]!["pix"]!;
        Assert.That(pix["nullable"]!.GetValue<bool>(), Is.True);
        Assert.That(pix["allOf"]![0]!["$ref"]!.GetValue<string>(), Is.EqualTo("#/components/schemas/PixSettings"));
        var closed = _doc["components"]!["schemas"]!.AsObject().Where(s => s.Value!["additionalProperties"] is JsonValue v && !v.GetValue<bool>()).Select(s => s.Key);
        Assert.That(closed, Is.Empty);
    }

    [Test]
    public async Task An_unknown_field_in_a_body_is_ignored_as_the_document_says()
    {
        var (partner, _, _) = await _app.PartnerAsync();
        var response = await partner.PostAsJsonAsync("/api/v1/partner/invoices", new
        {
            externalId = "OA-UNKNOWN-1", debtor = new { document = "52998224725", name = "Maria", nickname = "Mari" },
            amount = 10.0, dueDate = "2026-01-10", somethingNew = true,
        });
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created), await response.Content.ReadAsStringAsync());
    }

    [Test]
    public void Each_operation_names_its_credential_and_its_problems()
    {
        Assert.That(_doc["servers"]![0]!["url"]!.GetValue<string>(), Is.EqualTo("/"));
        Assert.That(_doc["security"]!.AsArray().Select(r => r!.AsObject().Single().Key), Is.EquivalentTo(new[] { "ApiKey", "Cookies" }));
        Assert.That(Operation("/api/v1/auth/login", "post")["security"]!.AsArray(), Is.Empty);
        Assert.That(Operation("/api/v1/providers/{channel}/callbacks", "post")["security"]![0]!.AsObject().Single().Key, Is.EqualTo("ProviderToken"));
        Assert.That(_doc["components"]!["securitySchemes"]!["ProviderToken"]!["name"]!.GetValue<string>(), Is.EqualTo("X-Provider-Token"));
        Assert.That(Operation("/api/v1/debtors/{debtorId}/notes", "post")["security"]![0]!.AsObject().Select(s => s.Key),
            Is.EquivalentTo(new[] { "Cookies", "Csrf" }));
        Assert.That(Operation("/api/v1/debtors/{id}", "get")["security"]![0]!.AsObject().Select(s => s.Key), Is.EquivalentTo(new[] { "Cookies" }));

        foreach (var (path, item) in _doc["paths"]!.AsObject())
        foreach (var (method, operation) in item!.AsObject())
        {
            var responses = operation!["responses"]!.AsObject();
            var where = $"{method.ToUpperInvariant()} {path}";
            Assert.That(responses.Any(r => r.Key.StartsWith('2')), Is.True, $"{where}: a success response");
            Assert.That(responses.ContainsKey("429"), Is.True, $"{where}: 429");
            if (operation["security"]!.AsArray().Count > 0) Assert.That(responses.ContainsKey("401"), Is.True, $"{where}: 401");
            if (operation["requestBody"] is not null) Assert.That(responses.ContainsKey("415") && responses.ContainsKey("400"), Is.True, $"{where}: 400, 415");
            foreach (var (code, response) in responses.Where(r => r.Key[0] is '4' or '5'))
                Assert.That(response!["content"]?["application/problem+json"]?["schema"], Is.Not.Null, $"{where} {code}: a problem document");
        }
    }
}
