using System.Text.Json.Nodes;

namespace Recovery.Api.Tests.Fuzz;

/// <summary>
/// A plausible value for a schema of the served OpenAPI document: valid enough, where the names say what a field
/// holds (a document, an e-mail, a date), to get past the first checks, so the variations reach the code behind them.
/// </summary>
internal sealed class SchemaSamples(JsonNode document, Random random, IReadOnlyDictionary<string, string> known)
{
    public JsonNode? Sample(JsonNode? schema, string name = "", int depth = 0)
    {
        schema = Resolve(schema);
        if (schema is null || depth > 6) return null;
        if (schema["enum"] is JsonArray values && values.Count > 0) return values[random.Next(values.Count)]?.DeepClone();
        if (schema["example"] is { } example) return example.DeepClone();
        if (schema["allOf"] is JsonArray all && all.Count > 0) return Sample(all[0], name, depth + 1);
        if ((schema["oneOf"] ?? schema["anyOf"]) is JsonArray any && any.Count > 0) return Sample(any[0], name, depth + 1);
        return Type(schema) switch
        {
            "object" => Object(schema, depth),
            "array" => new JsonArray(Enumerable.Range(0, 1 + random.Next(2)).Select(_ => Sample(schema["items"], Singular(name), depth + 1)).ToArray()),
            "integer" => name.Contains("day", StringComparison.OrdinalIgnoreCase) ? random.Next(1, 30) : random.Next(1, 12),
            "number" when name.Contains("percent", StringComparison.OrdinalIgnoreCase) => Math.Round(random.NextDouble() * 20, 2),
            "number" => Math.Round(10 + random.NextDouble() * 990, 2),
            "boolean" => random.Next(2) == 0,
            _ => String(schema, name),
        };
    }

    public JsonNode? Resolve(JsonNode? schema)
    {
        for (var i = 0; i < 10 && schema?["$ref"] is JsonValue reference; i++)
        {
            var path = reference.GetValue<string>().TrimStart('#', '/').Split('/');
            schema = path.Aggregate<string, JsonNode?>(document, (node, part) => node?[part]);
        }
        return schema;
    }

    public static string? Type(JsonNode schema) => schema["type"] switch
    {
        JsonValue v => v.GetValue<string>(),
        JsonArray a => a.Select(t => t?.GetValue<string>()).FirstOrDefault(t => t != "null"),
        _ => schema["properties"] is not null ? "object" : null,
    };

    private JsonObject Object(JsonNode schema, int depth)
    {
        var result = new JsonObject();
        if (schema["properties"] is JsonObject properties)
            foreach (var (key, value) in properties) result[key] = Sample(value, key, depth + 1);
        return result;
    }

    private JsonNode String(JsonNode schema, string name)
    {
        var format = schema["format"]?.GetValue<string>();
        var lower = name.ToLowerInvariant();
        if (known.TryGetValue($"{Operation}|{lower}", out var specific)) return specific;
        if (known.TryGetValue(lower, out var value)) return value;
        return format switch
        {
            "uuid" => Guid.NewGuid().ToString(),
            "date" => Date(lower),
            "date-time" => DateTimeOffset.UtcNow.AddDays(-random.Next(1, 30)).ToString("O"),
            "email" => $"fuzz{random.Next(100000)}@recovery.test",
            "uri" => "https://192.0.2.10/hook",
            _ when lower.Contains("document") || lower.Contains("cpf") => TestData.Cpf(random),
            _ when lower.Contains("cnpj") => TestData.Cnpj(),
            _ when lower.Contains("email") => $"fuzz{random.Next(100000)}@recovery.test",
            _ when lower.Contains("phone") => "+55119" + random.Next(10000000, 99999999),
            _ when lower.Contains("date") || lower.EndsWith("until") || lower.EndsWith("on") => Date(lower),
            _ when lower.Contains("url") => "https://192.0.2.10/hook",
            _ when lower.Contains("password") => "Fuzz-Password-2026",
            _ when lower.Contains("month") => DateTime.UtcNow.ToString("yyyy-MM"),
            _ when lower.Contains("zip") || lower.Contains("cep") || lower.Contains("postal") => "01310100",
            _ when lower.EndsWith("id") => "fuzz-" + random.Next(100000),
            _ when lower == "body" => "Olá {{nome}}, {{credor}} (CNPJ {{cnpj_credor}}) lembra sua pendência.",
            _ when lower is "key" or "code" => "fuzz-" + random.Next(1000),
            _ when lower.Contains("state") || lower == "uf" => "SP",
            _ => "fuzz " + name + " " + random.Next(1000),
        };
    }

    /// <summary>The operation being sampled ("POST /api/v1/..."), for values that differ between operations.</summary>
    public string Operation { get; set; } = "";

    /// <summary>Past for what has happened (issue, birth, payment), soon for what is planned (due dates, ends, promises).</summary>
    private string Date(string name)
    {
        var today = DateOnly.FromDateTime(DateTime.UtcNow.AddHours(-3));
        var date = name.Contains("birth") ? new DateOnly(1980, 5, 10)
            : name.Contains("issue") || name.Contains("from") || name.Contains("paid") ? today.AddDays(-random.Next(60, 400))
            : today.AddDays(random.Next(2, 20));
        return date.ToString("yyyy-MM-dd");
    }

    private static string Singular(string name) => name.EndsWith('s') ? name[..^1] : name;
}
