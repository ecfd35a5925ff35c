using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;

namespace Recovery.Api.Tests.Fuzz;

/// <summary>
/// Every operation of the served OpenAPI document, called as its callers are and then as no one should call it: wrong
/// types, nulls, huge and unicode strings, deep nesting, impossible dates, missing and extra members, bodies that are
/// not JSON, odd path and query values, odd <c>Accept</c> and <c>Content-Type</c>. Whatever comes in, the answer is
/// never a 5xx and every error is an RFC 9457 problem. <c>RECOVERY_FUZZ_SEED</c> replays a run;
/// <c>RECOVERY_FUZZ_VERBOSE=1</c> prints why an operation refused the request meant to pass.
/// </summary>
[NonParallelizable]
public sealed class OpenApiFuzzTests
{
    private const int PropertyVariationsPerOperation = 80;
    private static readonly string[] Skipped = ["POST /api/v1/auth/logout"];

    private RecoveryApp _app = null!;
    private readonly List<string> _failures = [];
    private int _requests;
    private readonly SortedDictionary<int, int> _statuses = [];
    private readonly List<string> _validRefused = [];

    // Providers' callbacks are called with their token, so the fuzz reaches the code behind them, not only the 401.
    private const string ProviderToken = "fuzz-provider-token";

    [OneTimeSetUp] public void Start() => _app = new RecoveryApp(new Dictionary<string, string?>
    {
        ["Communication:ProviderToken"] = ProviderToken,
        ["Negotiation:Pix:WebhookToken"] = ProviderToken,
    });
    [OneTimeTearDown] public async Task Stop() => await _app.DisposeAsync();

    [Test]
    public async Task No_input_reaches_a_5xx_and_every_error_is_a_problem()
    {
        var seed = int.TryParse(Environment.GetEnvironmentVariable("RECOVERY_FUZZ_SEED"), out var s) ? s : Random.Shared.Next();
        TestContext.Out.WriteLine($"RECOVERY_FUZZ_SEED={seed}");
        var random = new Random(seed);
        var world = await FuzzWorld.CreateAsync(_app, random, ProviderToken);
        var document = JsonNode.Parse(await _app.Anonymous().GetStringAsync("/swagger/v1/swagger.json"))!;
        var samples = new SchemaSamples(document, random, world.KnownValues);
        var clock = Stopwatch.StartNew();
        var operations = 0;

        foreach (var (path, item) in document["paths"]!.AsObject().OrderBy(p => p.Key, StringComparer.Ordinal))
        foreach (var (method, node) in item!.AsObject().Where(o => o.Key != "parameters").OrderBy(o => o.Key, StringComparer.Ordinal))
        {
            var operation = node!;
            var name = $"{method.ToUpperInvariant()} {path}";
            if (Skipped.Contains(name)) continue;
            operations++;
            var parameters = (operation["parameters"] as JsonArray ?? []).Select(p => samples.Resolve(p)!).ToList();
            samples.Operation = name;
            var bodySchema = operation["requestBody"]?["content"]?["application/json"]?["schema"];
            var body = bodySchema is null ? null : samples.Sample(bodySchema);
            var call = new Call(new HttpMethod(method.ToUpperInvariant()), path, parameters, world, samples);
            var client = await ClientForAsync(operation, call, body, world);

            if (await SendAsync(client, name, "as its callers call it", call.Request(body)) >= 400) _validRefused.Add(name);
            foreach (var accept in Variations.OddAccepts)
                await SendAsync(client, name, $"Accept: {accept}", call.Request(body, accept: accept));
            foreach (var parameter in parameters.Where(p => p["in"]?.GetValue<string>() is "path" or "query"))
            foreach (var odd in Variations.OddParameters.Where(v => parameter["in"]!.GetValue<string>() == "query" || !v.Contains("%00")))
                await SendAsync(client, name, $"{parameter["name"]} = {odd}", call.Request(body, odd: (parameter["name"]!.GetValue<string>(), odd)));
            if (body is null) continue;

            foreach (var (label, raw) in Variations.WholeBodies())
                await SendAsync(client, name, $"body {label}", call.Request(null, raw: raw));
            foreach (var type in Variations.OddContentTypes)
                await SendAsync(client, name, $"Content-Type: {type}", call.Request(body, contentType: type));
            await SendAsync(client, name, "no Content-Type", call.Request(body, contentType: ""));
            var extra = body.DeepClone();
            if (extra is JsonObject o) o["unexpected"] = new JsonObject { ["deep"] = new JsonArray(1, "two", null) };
            await SendAsync(client, name, "an extra member", call.Request(extra));

            var paths = Variations.Paths(body).ToList();
            var variations = paths.Select(p => (Path: p, Value: (JsonNode?)null, Remove: true))
                .Concat(paths.SelectMany(p => Variations.Replacements().Select(v => (Path: p, Value: v, Remove: false))))
                .OrderBy(_ => random.Next()).Take(PropertyVariationsPerOperation);
            foreach (var (member, value, remove) in variations)
                await SendAsync(client, name, remove ? $"without {member}" : $"{member} = {Describe(value)}",
                    call.Request(Variations.With(body, member, value, remove)));
        }

        TestContext.Out.WriteLine($"{_requests} requests over {operations} operations in {clock.Elapsed.TotalSeconds:F0} s; " +
            "answers: " + string.Join(", ", _statuses.Select(p => $"{p.Key} × {p.Value}")));
        TestContext.Out.WriteLine($"refused even as meant ({_validRefused.Count}, their variations stop at the first check): {string.Join(", ", _validRefused)}");
        Assert.That(operations, Is.GreaterThan(50), "the document lists the API's operations");
        Assert.That(_failures, Is.Empty, $"seed {seed}: {_failures.Count} answers broke the rule; the first:\n" + string.Join("\n", _failures.Take(15)));
    }

    /// <summary>The first of the people (or the partner) the operation is meant for: a refusal hides the code behind it.</summary>
    private async Task<HttpClient> ClientForAsync(JsonNode operation, Call call, JsonNode? body, FuzzWorld world)
    {
        var schemes = (operation["security"] as JsonArray ?? []).SelectMany(r => r!.AsObject().Select(p => p.Key)).ToList();
        if (schemes.Contains("ApiKey")) return world.Partner;
        if (schemes.Contains("ProviderToken")) return world.Provider;
        if (!schemes.Contains("Cookies")) return world.Anonymous;
        foreach (var person in world.People)
        {
            using var response = await person.SendAsync(call.Request(body));
            if (response.StatusCode is not (HttpStatusCode.Forbidden or HttpStatusCode.Unauthorized)) return person;
        }
        return world.People[0];
    }

    private async Task<int> SendAsync(HttpClient client, string operation, string variation, HttpRequestMessage request)
    {
        _requests++;
        using (request)
        using (var response = await client.SendAsync(request))
        {
            var status = (int)response.StatusCode;
            _statuses[status] = _statuses.GetValueOrDefault(status) + 1;
            if (status < 400) return status;
            if (variation == "as its callers call it" && Environment.GetEnvironmentVariable("RECOVERY_FUZZ_VERBOSE") == "1")
                TestContext.Out.WriteLine($"{operation} → {status} {(await response.Content.ReadAsStringAsync())[..Math.Min(400, (int)(response.Content.Headers.ContentLength ?? 400))]}");
            var type = response.Content.Headers.ContentType?.MediaType;
            if (status >= 500 || type != "application/problem+json")
            {
                var text = await response.Content.ReadAsStringAsync();
                _failures.Add($"{operation} [{variation}] → {status} {type}: {text[..Math.Min(text.Length, 300)]}");
            }
            return status;
        }
    }

    private static string Describe(JsonNode? value)
    {
        var text = value?.ToJsonString() ?? "null";
        return text.Length > 40 ? text[..40] + "…" : text;
    }

    /// <summary>One operation's request, with the seeded values in its path and query, and what is varied.</summary>
    private sealed record Call(HttpMethod Method, string Template, List<JsonNode> Parameters, FuzzWorld World, SchemaSamples Samples)
    {
        public HttpRequestMessage Request(JsonNode? body, string? accept = null, (string Name, string Value)? odd = null,
            string? raw = null, string? contentType = null)
        {
            var path = Template;
            var query = new List<string>();
            foreach (var p in Parameters)
            {
                var name = p["name"]!.GetValue<string>();
                var value = odd?.Name == name ? odd.Value.Value : Uri.EscapeDataString(ValueOf(p, name));
                switch (p["in"]?.GetValue<string>())
                {
                    case "path": path = path.Replace("{" + name + "}", value); break;
                    case "query" when odd?.Name == name || p["required"]?.GetValue<bool>() == true || World.PathValues.ContainsKey(name):
                        query.Add($"{name}={value}"); break;
                }
            }
            var request = new HttpRequestMessage(Method, query.Count == 0 ? path : path + "?" + string.Join("&", query));
            if (accept is not null) request.Headers.TryAddWithoutValidation("Accept", accept);
            if (raw is null && body is null) return request;
            // The whole-body variations are ASCII or, on purpose, bytes that are not UTF-8: sent byte for byte.
            var content = new ByteArrayContent(raw is not null ? Encoding.Latin1.GetBytes(raw) : Encoding.UTF8.GetBytes(body!.ToJsonString()));
            if (contentType is null) content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
            else if (contentType != "") content.Headers.TryAddWithoutValidation("Content-Type", contentType);
            request.Content = content;
            return request;
        }

        private string ValueOf(JsonNode parameter, string name) =>
            World.PathValues.TryGetValue($"{Template}|{name}", out var specific) ? specific
            : World.PathValues.TryGetValue(name, out var general) ? general
            : Samples.Sample(parameter["schema"], name)?.ToString() ?? "x";
    }
}
