using System.Text;
using System.Text.Json.Nodes;

namespace Recovery.Api.Tests.Fuzz;

/// <summary>What a careless or hostile client sends instead of the right thing.</summary>
internal static class Variations
{
    public static readonly string Huge = new('x', 20_000);
    public const string Unicode = "Ação 😀 \u202Eevil\u202C \u0000 ' OR 1=1 -- <script>alert(1)</script> 𝔘𝔫𝔦";

    /// <summary>Values put in place of one member of a valid body.</summary>
    public static JsonNode?[] Replacements() =>
    [
        null, "abc", "", 12345, -1, 0, 1.5, 1e308, true, new JsonArray(), new JsonObject(), Huge, Unicode,
        "2025-02-30", "2026-13-01", "00000000-0000-0000-0000-000000000000", new JsonArray((JsonNode?)null),
        JsonValue.Create(decimal.MaxValue), "99999999999999999999999",
    ];

    /// <summary>Whole bodies that are wrong as a whole: not JSON, not an object, too deep.</summary>
    public static IEnumerable<(string Label, string Body)> WholeBodies()
    {
        yield return ("empty", "");
        yield return ("null", "null");
        yield return ("array", "[]");
        yield return ("string", "\"x\"");
        yield return ("number", "1e308");
        yield return ("truncated", "{\"a\":");
        yield return ("object of nothing", "{}");
        yield return ("trailing garbage", "{} {}");
        yield return ("comment", "{/* c */}");
        yield return ("deep arrays", new string('[', 5_000) + new string(']', 5_000));
        yield return ("deep objects", string.Concat(Enumerable.Repeat("{\"a\":", 2_000)) + "1" + new string('}', 2_000));
        yield return ("lone surrogate", "{\"a\":\"\\ud800\"}");
        yield return ("invalid utf-8", Encoding.Latin1.GetString([0x7B, 0x22, 0x61, 0x22, 0x3A, 0x22, 0xC3, 0x28, 0x22, 0x7D]));
    }

    /// <summary>Every member of a sample, by its path from the root, with a way to replace it in a copy.</summary>
    public static IEnumerable<string> Paths(JsonNode? node, string path = "$")
    {
        switch (node)
        {
            case JsonObject o:
                foreach (var (key, value) in o)
                {
                    var child = $"{path}.{key}";
                    yield return child;
                    foreach (var p in Paths(value, child)) yield return p;
                }
                break;
            case JsonArray a:
                for (var i = 0; i < a.Count; i++)
                {
                    var child = $"{path}[{i}]";
                    yield return child;
                    foreach (var p in Paths(a[i], child)) yield return p;
                }
                break;
        }
    }

    public static JsonNode With(JsonNode sample, string path, JsonNode? value, bool remove = false)
    {
        var copy = sample.DeepClone();
        var (parent, last) = Locate(copy, path);
        switch (parent, last)
        {
            case (JsonObject o, string key) when remove: o.Remove(key); break;
            case (JsonObject o, string key): o[key] = value?.DeepClone(); break;
            case (JsonArray a, int index) when remove: a.RemoveAt(index); break;
            case (JsonArray a, int index): a[index] = value?.DeepClone(); break;
        }
        return copy;
    }

    private static (JsonNode? Parent, object Last) Locate(JsonNode root, string path)
    {
        var steps = new List<object>();
        foreach (var part in path[1..].Split('.', StringSplitOptions.RemoveEmptyEntries))
        {
            var bracket = part.IndexOf('[');
            steps.Add(bracket < 0 ? part : part[..bracket]);
            if (bracket >= 0)
                steps.AddRange(part[bracket..].Split('[', StringSplitOptions.RemoveEmptyEntries).Select(i => (object)int.Parse(i.TrimEnd(']'))));
        }
        JsonNode? parent = root;
        foreach (var step in steps[..^1]) parent = step is int i ? parent?[i] : parent?[(string)step];
        return (parent, steps[^1]);
    }

    /// <summary>
    /// Values for a path or query parameter that no one should send (a NUL in a path is refused by the server before the
    /// application, and the test host cannot even carry it: path values leave it out).
    /// </summary>
    public static readonly string[] OddParameters =
    [
        "abc", "0", "-1", "99999999999999999999", new string('9', 300), "2025-02-30", "%00", "..%2F..%2Fetc%2Fpasswd",
        Uri.EscapeDataString("ção😀"), "00000000-0000-0000-0000-000000000000", " ", "true",
    ];

    public static readonly string[] OddAccepts =
        ["text/html", "image/png", "application/xml", "text/csv", "*/*", "@@@", "application/json;q=0", "text/plain; charset=utf-16"];

    public static readonly string[] OddContentTypes =
        ["text/plain", "application/xml", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x", "application/json; charset=utf-16", "@@@"];
}
