using System.Collections.Concurrent;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Recovery.Communication.Tests.Bureau;

/// <summary>
/// A credit bureau on loopback speaking the layout of docs/bureau-layout.md: OAuth2 client credentials with HTTP Basic at
/// /oauth/token, POST /v1/consultas with a Bearer token it issued, answering each document with what a test set (or "nada
/// consta", 404). What breaks the layout is answered 400 and kept in <see cref="Violations"/>, which a test expects empty.
/// </summary>
internal sealed class FakeBureau : IAsyncDisposable
{
    public const string ClientId = "recovery-bureau";
    public const string ClientSecret = "bureau-secret";

    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, bool> _tokens = new();

    public ConcurrentQueue<string> Violations { get; } = new();
    public ConcurrentQueue<JsonObject> Lookups { get; } = new();
    public ConcurrentDictionary<string, Answer> Answers { get; } = new();
    public int TokensIssued;

    /// <summary>How many lookups still answer 503 before the bureau recovers.</summary>
    public int Unavailable;

    public string BaseUrl { get; private set; } = "";
    public string TokenUrl => BaseUrl.Replace("/v1", "/oauth/token");

    internal sealed record Answer(int? Score, IReadOnlyList<object> Restrictions, IReadOnlyList<object> Contacts);

    private FakeBureau(WebApplication app) => _app = app;

    public static async Task<FakeBureau> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var bureau = new FakeBureau(builder.Build());
        bureau.MapRoutes();
        await bureau._app.StartAsync();
        var address = bureau._app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        bureau.BaseUrl = address.TrimEnd('/') + "/v1";
        return bureau;
    }

    /// <summary>The settings that point the host at this bureau.</summary>
    public Dictionary<string, string?> Settings() => new()
    {
        ["Bureau:BaseUrl"] = BaseUrl, ["Bureau:TokenUrl"] = TokenUrl, ["Bureau:ClientId"] = ClientId, ["Bureau:ClientSecret"] = ClientSecret,
        ["Bureau:RetryDelay"] = "00:00:00.050", ["Bureau:PlacementInterval"] = "00:00:00.500",
    };

    public int LookupsOf(string document) => Lookups.Count(l => l["documento"]?.GetValue<string>() == document);

    private void MapRoutes()
    {
        _app.MapPost("/oauth/token", async (HttpRequest request) =>
        {
            var basic = Convert.ToBase64String(Encoding.UTF8.GetBytes($"{ClientId}:{ClientSecret}"));
            var form = await request.ReadFormAsync();
            if (request.Headers.Authorization.ToString() != $"Basic {basic}" || form["grant_type"] != "client_credentials")
                return Violation(401, "token: client credentials with HTTP Basic expected");
            var token = Guid.NewGuid().ToString("N");
            _tokens[token] = true;
            Interlocked.Increment(ref TokensIssued);
            return Results.Json(new { access_token = token, token_type = "Bearer", expires_in = 3600 });
        });
        _app.MapPost("/v1/consultas", async (HttpRequest request) =>
        {
            var auth = request.Headers.Authorization.ToString();
            if (!auth.StartsWith("Bearer ") || !_tokens.ContainsKey(auth["Bearer ".Length..])) return Violation(401, "consultas: a Bearer token issued here");
            if (Unavailable > 0 && Interlocked.Decrement(ref Unavailable) >= 0) return Results.StatusCode(503);
            var body = await JsonNode.ParseAsync(request.Body) as JsonObject;
            var document = body?["documento"]?.GetValue<string>();
            var kind = body?["tipoDocumento"]?.GetValue<string>();
            if (document is null || !(document.Length == 11 && kind == "CPF" || document.Length == 14 && kind == "CNPJ"))
                return Violation(400, $"consultas: documento and tipoDocumento (CPF: 11 digits, CNPJ: 14) expected, got {body}");
            if (string.IsNullOrEmpty(body?["finalidade"]?.GetValue<string>()) || string.IsNullOrEmpty(body?["baseLegal"]?.GetValue<string>())
                || !Guid.TryParse(body?["referencia"]?.GetValue<string>(), out _))
                return Violation(400, $"consultas: finalidade, baseLegal and referencia (our lookup id) expected, got {body}");
            Lookups.Enqueue(body!);
            if (!Answers.TryGetValue(document, out var answer)) return Results.Json(new { erro = "nada consta" }, statusCode: 404);
            return Results.Json(new
            {
                protocolo = "BV-" + Guid.NewGuid().ToString("N")[..10], score = answer.Score, restricoes = answer.Restrictions, contatos = answer.Contacts,
            });
        });
    }

    private IResult Violation(int status, string what)
    {
        Violations.Enqueue(what);
        return Results.Json(new { erro = what }, statusCode: status);
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}
