using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Recovery.Negotiation.Tests;

/// <summary>
/// A PSP on loopback speaking the subset of the Central Bank's Pix API we use (OAuth2 client credentials, PUT / PATCH /
/// GET /cobv/{txid}, GET /pix) and checking every request against the specification: a Bearer token it issued, the txid
/// pattern, CobVSolicitada's required fields and types, amounts as strings with two decimals. What breaks the
/// specification is answered 400 and kept in <see cref="Violations"/>, which a test expects empty.
/// </summary>
internal sealed partial class FakePsp : IAsyncDisposable
{
    public const string ClientId = "recovery-client";
    public const string ClientSecret = "recovery-secret";

    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, bool> _tokens = new();

    public ConcurrentQueue<string> Violations { get; } = new();
    public ConcurrentDictionary<string, JsonObject> Charges { get; } = new();
    public ConcurrentQueue<(string Method, string Txid, int Status)> Calls { get; } = new();
    public ConcurrentQueue<JsonObject> Received { get; } = new();
    public int TokensIssued;

    /// <summary>How many PUTs still answer 503 before the PSP recovers.</summary>
    public int UnavailablePuts;

    /// <summary>How many PUTs still create the charge and then lose the answer (a 504 after the work is done).</summary>
    public int LostPutAnswers;

    public string BaseUrl { get; private set; } = "";
    public string TokenUrl => BaseUrl.Replace("/v2", "/oauth/token");

    private FakePsp(WebApplication app) => _app = app;

    public static async Task<FakePsp> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var psp = new FakePsp(builder.Build());
        psp.MapRoutes();
        await psp._app.StartAsync();
        var address = psp._app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        psp.BaseUrl = address.TrimEnd('/') + "/v2";
        return psp;
    }

    public IEnumerable<(string Method, string Txid, int Status)> CallsFor(string txid) => Calls.Where(c => c.Txid == txid);

    private void MapRoutes()
    {
        MapAutomaticRoutes();
        _app.MapPost("/oauth/token", async (HttpRequest request) =>
        {
            var basic = Convert.ToBase64String(Encoding.UTF8.GetBytes($"{ClientId}:{ClientSecret}"));
            var form = await request.ReadFormAsync();
            if (request.Headers.Authorization.ToString() != $"Basic {basic}" || form["grant_type"] != "client_credentials")
                return Violation(401, "token: client credentials with HTTP Basic expected");
            var token = Guid.NewGuid().ToString("N");
            _tokens[token] = true;
            Interlocked.Increment(ref TokensIssued);
            return Results.Json(new { access_token = token, token_type = "Bearer", expires_in = 3600, scope = form["scope"].ToString() });
        });
        _app.MapPut("/v2/cobv/{txid}", async (string txid, HttpRequest request) =>
        {
            if (Refused(request, txid) is { } refused) return Record("PUT", txid, refused);
            if (UnavailablePuts > 0 && Interlocked.Decrement(ref UnavailablePuts) >= 0) return Record("PUT", txid, Results.StatusCode(503));
            var body = await JsonNode.ParseAsync(request.Body) as JsonObject;
            if (CheckCobv(body) is { } problem) return Record("PUT", txid, Violation(400, $"PUT /cobv/{txid}: {problem}"));
            var charge = Charges.GetOrAdd(txid, _ =>
            {
                var c = (JsonObject)body!.DeepClone();
                c["txid"] = txid;
                c["revisao"] = 0;
                c["status"] = "ATIVA";
                c["location"] = $"pix.psp.example/qr/v2/cobv/{Guid.NewGuid():N}";
                c["pixCopiaECola"] = $"00020101021226880014br.gov.bcb.pix2566pix.psp.example/qr/v2/cobv/{txid}5204000053039865802BR6304ABCD";
                return c;
            });
            if (LostPutAnswers > 0 && Interlocked.Decrement(ref LostPutAnswers) >= 0) return Record("PUT", txid, Results.StatusCode(504));
            return Record("PUT", txid, Results.Json(charge, statusCode: 201));
        });
        _app.MapMethods("/v2/cobv/{txid}", ["PATCH"], async (string txid, HttpRequest request) =>
        {
            if (Refused(request, txid) is { } refused) return Record("PATCH", txid, refused);
            var body = await JsonNode.ParseAsync(request.Body) as JsonObject;
            if (body?["status"]?.GetValue<string>() != "REMOVIDA_PELO_USUARIO_RECEBEDOR" || body.Count != 1)
                return Record("PATCH", txid, Violation(400, $"PATCH /cobv/{txid}: only status REMOVIDA_PELO_USUARIO_RECEBEDOR expected"));
            if (!Charges.TryGetValue(txid, out var charge)) return Record("PATCH", txid, Results.NotFound());
            if (charge["status"]!.GetValue<string>() != "ATIVA") return Record("PATCH", txid, Results.Problem(statusCode: 400, title: "Cobrança não está ATIVA"));
            charge["status"] = "REMOVIDA_PELO_USUARIO_RECEBEDOR";
            charge["revisao"] = charge["revisao"]!.GetValue<int>() + 1;
            return Record("PATCH", txid, Results.Json(charge));
        });
        _app.MapGet("/v2/cobv/{txid}", (string txid, HttpRequest request) =>
            Refused(request, txid) ?? (Charges.TryGetValue(txid, out var charge) ? Results.Json(charge) : Results.NotFound()));
        _app.MapGet("/v2/pix", (HttpRequest request) =>
        {
            if (Refused(request, null) is { } refused) return refused;
            var q = request.Query;
            if (!DateTimeOffset.TryParse(q["inicio"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var from) ||
                !DateTimeOffset.TryParse(q["fim"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var to) || from > to)
                return Violation(400, "GET /pix: inicio and fim are required date-times, inicio before fim");
            var page = q.ContainsKey("paginacao.paginaAtual") ? int.Parse(q["paginacao.paginaAtual"]!, CultureInfo.InvariantCulture) : 0;
            var wanted = q.ContainsKey("paginacao.itensPorPagina") ? int.Parse(q["paginacao.itensPorPagina"]!, CultureInfo.InvariantCulture) : 100;
            if (page < 0 || wanted is < 1 or > 1000) return Violation(400, "GET /pix: paginacao out of range");
            const int pageSize = 2;   // a PSP may give fewer than asked: two a page proves the paging
            var all = Received.Where(p => DateTimeOffset.Parse(p["horario"]!.GetValue<string>(), CultureInfo.InvariantCulture) is var t && t >= from && t <= to).ToList();
            var pages = Math.Max(1, (all.Count + pageSize - 1) / pageSize);
            return Results.Json(new JsonObject
            {
                ["parametros"] = new JsonObject
                {
                    ["inicio"] = q["inicio"].ToString(), ["fim"] = q["fim"].ToString(),
                    ["paginacao"] = new JsonObject { ["paginaAtual"] = page, ["itensPorPagina"] = pageSize, ["quantidadeDePaginas"] = pages, ["quantidadeTotalDeItens"] = all.Count },
                },
                ["pix"] = new JsonArray(all.Skip(page * pageSize).Take(pageSize).Select(p => (JsonNode)p.DeepClone()).ToArray()),
            });
        });
    }

    /// <summary>A Pix the PSP received, as its GET /pix and webhook give it.</summary>
    public static JsonObject Pix(string endToEndId, string? txid, decimal amount, DateTimeOffset at) => new()
    {
        ["endToEndId"] = endToEndId, ["txid"] = txid, ["valor"] = amount.ToString("0.00", CultureInfo.InvariantCulture),
        ["horario"] = at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture),
    };

    public static string EndToEndId() => ("E" + Guid.NewGuid().ToString("N") + "00000")[..32];

    internal IResult? Refused(HttpRequest request, string? txid)
    {
        var auth = request.Headers.Authorization.ToString();
        if (!auth.StartsWith("Bearer ", StringComparison.Ordinal) || !_tokens.ContainsKey(auth[7..]))
            return Violation(403, $"{request.Method} {request.Path}: no Bearer token this PSP issued");
        if (txid is not null && !TxidPattern().IsMatch(txid)) return Violation(400, $"txid '{txid}' is not [a-zA-Z0-9]{{26,35}}");
        return null;
    }

    internal IResult Record(string method, string txid, IResult result)
    {
        Calls.Enqueue((method, txid, result is IStatusCodeHttpResult { StatusCode: { } s } ? s : 200));
        return result;
    }

    internal IResult Violation(int status, string what)
    {
        Violations.Enqueue(what);
        return Results.Problem(statusCode: status, title: what);
    }

    private static readonly HashSet<string> Known = ["calendario", "devedor", "loc", "valor", "chave", "solicitacaoPagador", "infoAdicionais"];

    /// <summary>CobVSolicitada: what is missing or of the wrong type, or null.</summary>
    private static string? CheckCobv(JsonObject? body)
    {
        if (body is null) return "the body is a JSON object";
        if (body.Select(p => p.Key).FirstOrDefault(k => !Known.Contains(k)) is { } unknown) return $"unknown property {unknown}";
        if (body["calendario"] is not JsonObject cal) return "calendario is required";
        if (Text(cal["dataDeVencimento"]) is not { } due || !DateOnly.TryParseExact(due, "yyyy-MM-dd", out _)) return "calendario.dataDeVencimento is a YYYY-MM-DD string";
        if (cal["validadeAposVencimento"] is { } v && v.GetValueKind() != JsonValueKind.Number) return "calendario.validadeAposVencimento is an integer";
        if (body["devedor"] is not JsonObject d) return "devedor is required";
        var cpf = Text(d["cpf"]);
        var cnpj = Text(d["cnpj"]);
        if ((cpf is null) == (cnpj is null)) return "devedor has cpf or cnpj, never both";
        if (cpf is not null && !Regex.IsMatch(cpf, @"^\d{11}$")) return "devedor.cpf is 11 digits";
        if (cnpj is not null && !Regex.IsMatch(cnpj, "^[0-9A-Z]{14}$")) return "devedor.cnpj is 14 digits or upper-case letters";
        if (Text(d["nome"]) is not { Length: > 0 and <= 200 }) return "devedor.nome is required (up to 200)";
        if (Text(body["chave"]) is not { Length: > 0 and <= 77 }) return "chave is required (up to 77)";
        if (body["solicitacaoPagador"] is { } s && Text(s) is not { Length: <= 140 }) return "solicitacaoPagador is a string up to 140";
        if (body["valor"] is not JsonObject valor) return "valor is required";
        if (!IsAmount(valor["original"]) || Text(valor["original"]) == "0.00") return "valor.original is a string like 123.45, above zero";
        foreach (var (name, max) in new[] { ("multa", 2), ("juros", 8), ("abatimento", 2), ("desconto", 6) })
        {
            if (valor[name] is null) continue;
            if (valor[name] is not JsonObject m) return $"valor.{name} is an object";
            if (m["modalidade"] is not JsonValue mod || mod.GetValueKind() != JsonValueKind.Number || mod.GetValue<int>() < 1 || mod.GetValue<int>() > max)
                return $"valor.{name}.modalidade is an integer from 1 to {max}";
            if (name != "desconto" && !IsAmount(m["valorPerc"])) return $"valor.{name}.valorPerc is a string like 2.00";
        }
        return null;
    }

    internal static string? Text(JsonNode? node) => node is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : null;

    internal static bool IsAmount(JsonNode? node) => Text(node) is { } s && AmountPattern().IsMatch(s);

    [GeneratedRegex(@"^\d{1,10}\.\d{2}$")]
    private static partial Regex AmountPattern();

    [GeneratedRegex("^[a-zA-Z0-9]{26,35}$")]
    private static partial Regex TxidPattern();

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
