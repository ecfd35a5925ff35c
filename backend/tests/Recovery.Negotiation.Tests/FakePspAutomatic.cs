using System.Collections.Concurrent;
using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Recovery.Negotiation.Tests;

/// <summary>
/// Pix Automático at the fake PSP: POST /rec, GET and PATCH /rec/{idRec}, POST /solicrec, PUT, GET and PATCH
/// /cobr/{txid} and POST /cobr/{txid}/retentativa/{data}, each request checked against the specification's schemas
/// (RecSolicitada, RecRevisada, SolicRecSolicitada, CobRSolicitada, CobRRevisada: required fields, formats, enums, lengths)
/// and its semantic rules that concern us (dates not before today, one live request per recurrence, charges only for an
/// approved recurrence and 2 to 10 days before their due date, no cancelling a charge on or after its due date, new
/// attempts only as the recurrence's policy allows). The payer's side (authorising, refusing, paying, failing an attempt)
/// is played by the test through the methods below, which also give the notification the PSP would send.
/// </summary>
internal sealed partial class FakePsp
{
    public ConcurrentDictionary<string, JsonObject> Recs { get; } = new();
    public ConcurrentDictionary<string, JsonObject> SolicRecs { get; } = new();
    public ConcurrentDictionary<string, JsonObject> Cobrs { get; } = new();

    /// <summary>The PSP's today (the test moves it with the host's clock).</summary>
    public Func<DateOnly> Today { get; set; } = () => DateOnly.FromDateTime(DateTime.UtcNow);

    /// <summary>The PSP's clock, for when a recurrence was created (GET /rec filters on it).</summary>
    public Func<DateTimeOffset> Now { get; set; } = () => DateTimeOffset.UtcNow;

    /// <summary>How many POST /rec (and POST /solicrec) still do their work and then lose the answer (a 504).</summary>
    public int LostRecAnswers, LostSolicRecAnswers;

    private readonly ConcurrentDictionary<string, DateTimeOffset> _recCreatedAt = new();

    private int _sequence;

    private static readonly string[] RecStatuses = ["CRIADA", "APROVADA", "REJEITADA", "EXPIRADA", "CANCELADA"];
    private static readonly HashSet<string> RecKnown = ["vinculo", "calendario", "valor", "politicaRetentativa", "loc", "ativacao", "recebedor"];
    private static readonly HashSet<string> CobrKnown = ["idRec", "infoAdicional", "calendario", "valor", "ajusteDiaUtil", "devedor", "recebedor"];

    private void MapAutomaticRoutes()
    {
        _app.MapPost("/v2/rec", async (HttpRequest request) =>
        {
            if (Refused(request, null) is { } refused) return Record("POST", "rec", refused);
            var body = await JsonNode.ParseAsync(request.Body) as JsonObject;
            if (CheckRec(body) is { } problem) return Record("POST", "rec", Violation(400, $"POST /rec: {problem}"));
            var rec = (JsonObject)body!.DeepClone();
            var retry = Text(body!["politicaRetentativa"]) == "PERMITE_3R_7D" ? "R" : "N";
            var id = $"R{retry}12345678{Today():yyyyMMdd}{Interlocked.Increment(ref _sequence):D11}";
            rec["idRec"] = id;
            rec["status"] = "CRIADA";
            rec["recebedor"] = new JsonObject { ["cnpj"] = "01602606113708", ["nome"] = "Credor SA" };
            rec["atualizacao"] = new JsonArray(Update("CRIADA"));
            Recs[id] = rec;
            _recCreatedAt[id] = Now();
            if (LostRecAnswers > 0 && Interlocked.Decrement(ref LostRecAnswers) >= 0) return Record("POST", "rec", Results.StatusCode(504));
            return Record("POST", "rec", Results.Json(rec, statusCode: 201));
        });
        // RecsConsultadas: inicio and fim (RFC 3339) are required; cpf or cnpj filter on the payer.
        _app.MapGet("/v2/rec", (HttpRequest request) =>
        {
            if (Refused(request, null) is { } refused) return Record("GET", "rec", refused);
            if (!DateTimeOffset.TryParse(request.Query["inicio"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var from)
                || !DateTimeOffset.TryParse(request.Query["fim"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var to))
                return Record("GET", "rec", Violation(400, "GET /rec: inicio and fim are required RFC 3339 instants"));
            string? cpf = request.Query["cpf"], cnpj = request.Query["cnpj"];
            var found = Recs.Values.Where(r =>
            {
                var at = _recCreatedAt[Text(r["idRec"])!];
                var payer = r["vinculo"]!["devedor"]!;
                return at >= from && at <= to && (cpf is null || Text(payer["cpf"]) == cpf) && (cnpj is null || Text(payer["cnpj"]) == cnpj);
            }).Select(r => r.DeepClone()).ToArray();
            return Record("GET", "rec", Results.Json(new JsonObject
            {
                ["parametros"] = new JsonObject { ["inicio"] = request.Query["inicio"].ToString(), ["fim"] = request.Query["fim"].ToString() },
                ["recs"] = new JsonArray(found),
            }));
        });
        _app.MapGet("/v2/rec/{idRec}", (string idRec, HttpRequest request) =>
            Refused(request, null) ?? Record("GET", idRec, Recs.TryGetValue(idRec, out var rec) ? Results.Json(rec) : Results.NotFound()));
        _app.MapMethods("/v2/rec/{idRec}", ["PATCH"], async (string idRec, HttpRequest request) =>
        {
            if (Refused(request, null) is { } refused) return Record("PATCH", idRec, refused);
            var body = await JsonNode.ParseAsync(request.Body) as JsonObject;
            if (body is null || body.Count != 1 || Text(body["status"]) != "CANCELADA")
                return Record("PATCH", idRec, Violation(400, $"PATCH /rec/{idRec}: only status CANCELADA expected"));
            if (!Recs.TryGetValue(idRec, out var rec)) return Record("PATCH", idRec, Results.NotFound());
            if (Text(rec["status"]) is "REJEITADA" or "EXPIRADA" or "CANCELADA")
                return Record("PATCH", idRec, Results.Problem(statusCode: 400, title: "A recorrência encontra-se expirada, cancelada ou rejeitada."));
            SetStatus(rec, "CANCELADA");
            rec["encerramento"] = new JsonObject { ["cancelamento"] = new JsonObject { ["solicitante"] = "USUARIO_RECEBEDOR", ["codigo"] = "SLCR", ["descricao"] = "Cancelada pelo recebedor" } };
            return Record("PATCH", idRec, Results.Json(rec));
        });
        _app.MapPost("/v2/solicrec", async (HttpRequest request) =>
        {
            if (Refused(request, null) is { } refused) return Record("POST", "solicrec", refused);
            var body = await JsonNode.ParseAsync(request.Body) as JsonObject;
            if (CheckSolicRec(body) is { } problem) return Record("POST", "solicrec", Violation(400, $"POST /solicrec: {problem}"));
            // A second live request is refused as the PSP would; after a lost answer the client cannot know without asking.
            if (SolicRecs.Values.Any(s => Text(s["idRec"]) == Text(body!["idRec"]) && Text(s["status"]) is "CRIADA" or "ENVIADA" or "RECEBIDA"))
                return Record("POST", "solicrec", Results.Problem(statusCode: 400, title: "Já existe uma solicitação de confirmação ativa para a recorrência."));
            var solic = (JsonObject)body!.DeepClone();
            var id = $"SC12345678{Today():yyyyMMdd}{Interlocked.Increment(ref _sequence):D11}";
            solic["idSolicRec"] = id;
            solic["status"] = "CRIADA";
            solic["atualizacao"] = new JsonArray(Update("CRIADA"));
            SolicRecs[id] = solic;
            if (LostSolicRecAnswers > 0 && Interlocked.Decrement(ref LostSolicRecAnswers) >= 0) return Record("POST", "solicrec", Results.StatusCode(504));
            return Record("POST", "solicrec", Results.Json(solic, statusCode: 201));
        });
        _app.MapPut("/v2/cobr/{txid}", async (string txid, HttpRequest request) =>
        {
            if (Refused(request, txid) is { } refused) return Record("PUT", txid, refused);
            var body = await JsonNode.ParseAsync(request.Body) as JsonObject;
            if (CheckCobr(body) is { } problem) return Record("PUT", txid, Violation(400, $"PUT /cobr/{txid}: {problem}"));
            if (Cobrs.ContainsKey(txid)) return Record("PUT", txid, Results.Problem(statusCode: 400, title: "O campo cobr.txid encontra-se em uso."));
            var cobr = (JsonObject)body!.DeepClone();
            var rec = Recs[Text(body!["idRec"])!];
            cobr["txid"] = txid;
            cobr["status"] = "ATIVA";
            cobr["politicaRetentativa"] = rec["politicaRetentativa"]!.DeepClone();
            cobr["calendario"]!["criacao"] = Today().ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
            cobr["atualizacao"] = new JsonArray(Update("CRIADA"), Update("ATIVA"));
            cobr["tentativas"] = new JsonArray();
            Cobrs[txid] = cobr;
            return Record("PUT", txid, Results.Json(cobr, statusCode: 201));
        });
        _app.MapGet("/v2/cobr/{txid}", (string txid, HttpRequest request) =>
            Refused(request, txid) ?? Record("GET", txid, Cobrs.TryGetValue(txid, out var cobr) ? Results.Json(cobr) : Results.NotFound()));
        _app.MapMethods("/v2/cobr/{txid}", ["PATCH"], async (string txid, HttpRequest request) =>
        {
            if (Refused(request, txid) is { } refused) return Record("PATCH", txid, refused);
            var body = await JsonNode.ParseAsync(request.Body) as JsonObject;
            if (body is null || body.Count != 1 || Text(body["status"]) != "CANCELADA")
                return Record("PATCH", txid, Violation(400, $"PATCH /cobr/{txid}: only status CANCELADA expected"));
            if (!Cobrs.TryGetValue(txid, out var cobr)) return Record("PATCH", txid, Results.NotFound());
            if (Today() >= DateOnly.Parse(Text(cobr["calendario"]!["dataDeVencimento"])!, CultureInfo.InvariantCulture) || Text(cobr["status"]) != "ATIVA")
                return Record("PATCH", txid, Results.Problem(statusCode: 400, title: "Não é possível cancelar uma cobrança em uma data igual ou maior que a data prevista da primeira tentativa de liquidação."));
            SetStatus(cobr, "CANCELADA");
            return Record("PATCH", txid, Results.Json(cobr));
        });
        _app.MapPost("/v2/cobr/{txid}/retentativa/{data}", (string txid, string data, HttpRequest request) =>
        {
            if (Refused(request, txid) is { } refused) return Record("RETRY", txid, refused);
            if (!DateOnly.TryParseExact(data, "yyyy-MM-dd", out var on)) return Record("RETRY", txid, Violation(400, $"retentativa: data '{data}' is not YYYY-MM-DD"));
            if (!Cobrs.TryGetValue(txid, out var cobr)) return Record("RETRY", txid, Results.NotFound());
            var attempts = (JsonArray)cobr["tentativas"]!;
            if (on <= Today()) return Record("RETRY", txid, Violation(400, "retentativa: data is not in the future"));
            if (Text(cobr["politicaRetentativa"]) != "PERMITE_3R_7D") return Record("RETRY", txid, Violation(400, "retentativa: the recurrence's policy allows none"));
            if (attempts.Any(t => Text(t!["status"]) is "SOLICITADA" or "AGENDADA")) return Record("RETRY", txid, Violation(400, "retentativa: an attempt is pending"));
            attempts.Add(new JsonObject { ["dataLiquidacao"] = data, ["tipo"] = "NTAG", ["status"] = "AGENDADA", ["endToEndId"] = EndToEndId(), ["atualizacao"] = new JsonArray(Update("AGENDADA")) });
            return Record("RETRY", txid, Results.Json(cobr, statusCode: 201));
        });
    }

    /// <summary>The debtor authorised (or refused) the recurrence at their PSP: the /webhookrec notification.</summary>
    public JsonObject Answer(string idRec, string status)
    {
        var rec = Recs[idRec];
        SetStatus(rec, status);
        if (status == "REJEITADA") rec["encerramento"] = new JsonObject { ["rejeicao"] = new JsonObject { ["codigo"] = "AP13", ["descricao"] = "Rejeitada pelo usuário pagador" } };
        foreach (var solic in SolicRecs.Values.Where(s => Text(s["idRec"]) == idRec)) solic["status"] = status == "APROVADA" ? "ACEITA" : "REJEITADA";
        return new JsonObject { ["recs"] = new JsonArray(new JsonObject
        {
            ["idRec"] = idRec, ["status"] = status, ["atualizacao"] = rec["atualizacao"]!.DeepClone(),
            ["ativacao"] = new JsonObject { ["tipoJornada"] = "JORNADA_1" },
        }) };
    }

    /// <summary>A settlement attempt of the charge: paid (CONCLUIDA, with its Pix) or refused; the /webhookcobr notification.</summary>
    public JsonObject Attempt(string txid, bool paid, DateTimeOffset at)
    {
        var cobr = Cobrs[txid];
        var attempts = (JsonArray)cobr["tentativas"]!;
        var pending = attempts.LastOrDefault(t => Text(t!["status"]) is "AGENDADA" or "SOLICITADA") as JsonObject;
        if (pending is null)
        {
            pending = new JsonObject { ["dataLiquidacao"] = cobr["calendario"]!["dataDeVencimento"]!.DeepClone(), ["tipo"] = "AGND", ["endToEndId"] = EndToEndId(), ["atualizacao"] = new JsonArray() };
            attempts.Add(pending);
        }
        pending["status"] = paid ? "PAGA" : "REJEITADA";
        ((JsonArray)pending["atualizacao"]!).Add(Update(paid ? "PAGA" : "REJEITADA"));
        var notification = new JsonObject { ["idRec"] = cobr["idRec"]!.DeepClone(), ["txid"] = txid };
        if (paid)
        {
            SetStatus(cobr, "CONCLUIDA");
            var pix = Pix(Text(pending["endToEndId"])!, txid, decimal.Parse(Text(cobr["valor"]!["original"])!, CultureInfo.InvariantCulture), at);
            cobr["pix"] = new JsonArray(pix.DeepClone());
            notification["pix"] = new JsonArray(pix);
        }
        else pending["rejeicao"] = new JsonObject { ["codigo"] = "AM02", ["descricao"] = "Saldo insuficiente" };
        notification["status"] = cobr["status"]!.DeepClone();
        notification["atualizacao"] = cobr["atualizacao"]!.DeepClone();
        notification["tentativas"] = attempts.DeepClone();
        return new JsonObject { ["cobsr"] = new JsonArray(notification) };
    }

    private static void SetStatus(JsonObject resource, string status)
    {
        resource["status"] = status;
        ((JsonArray)resource["atualizacao"]!).Add(Update(status));
    }

    private static JsonObject Update(string status) =>
        new() { ["status"] = status, ["data"] = DateTime.UtcNow.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture) };

    private static bool IsDate(JsonNode? node, out DateOnly date)
    {
        date = default;
        return Text(node) is { } s && DateOnly.TryParseExact(s, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out date);
    }

    /// <summary>RecSolicitada: vinculo (contrato, objeto, devedor), calendario, valor, politicaRetentativa.</summary>
    private string? CheckRec(JsonObject? body)
    {
        if (body is null) return "the body is a JSON object";
        if (body.Select(p => p.Key).FirstOrDefault(k => !RecKnown.Contains(k)) is { } unknown) return $"unknown property {unknown}";
        if (body["vinculo"] is not JsonObject link) return "vinculo is required";
        if (Text(link["contrato"]) is not { Length: > 0 and <= 35 }) return "vinculo.contrato is required (up to 35)";
        if (link["objeto"] is { } o && Text(o) is not { Length: <= 35 }) return "vinculo.objeto is a string up to 35";
        if (link["devedor"] is not JsonObject d) return "vinculo.devedor is required";
        if (CheckPerson(d, named: true) is { } person) return $"vinculo.devedor: {person}";
        if (body["calendario"] is not JsonObject cal) return "calendario is required";
        if (!IsDate(cal["dataInicial"], out var first)) return "calendario.dataInicial is a YYYY-MM-DD date";
        if (first < Today()) return "calendario.dataInicial is before the recurrence's creation";
        if (cal["dataFinal"] is { } f && (!IsDate(f, out var last) || last < first)) return "calendario.dataFinal is a date not before dataInicial";
        if (Text(cal["periodicidade"]) is not ("SEMANAL" or "MENSAL" or "TRIMESTRAL" or "SEMESTRAL" or "ANUAL")) return "calendario.periodicidade is one of its enum";
        if (body["valor"] is { } v)
        {
            if (v is not JsonObject valor) return "valor is an object";
            if (valor["valorRec"] is { } r && !IsAmount(r)) return "valor.valorRec is a string like 35.00";
            if (valor["valorMinimoRecebedor"] is { } m && !IsAmount(m)) return "valor.valorMinimoRecebedor is a string like 35.00";
            if (valor["valorRec"] is not null && valor["valorMinimoRecebedor"] is not null) return "valor.valorRec and valor.valorMinimoRecebedor both filled";
        }
        if (Text(body["politicaRetentativa"]) is not ("NAO_PERMITE" or "PERMITE_3R_7D")) return "politicaRetentativa is NAO_PERMITE or PERMITE_3R_7D";
        return null;
    }

    private static string? CheckPerson(JsonObject d, bool named)
    {
        var cpf = Text(d["cpf"]);
        var cnpj = Text(d["cnpj"]);
        if ((cpf is null) == (cnpj is null)) return "cpf or cnpj, never both";
        if (cpf is not null && !Regex.IsMatch(cpf, @"^\d{11}$")) return "cpf is 11 digits";
        if (cnpj is not null && !Regex.IsMatch(cnpj, "^[0-9A-Z]{14}$")) return "cnpj is 14 digits or upper-case letters";
        if (named && Text(d["nome"]) is not { Length: > 0 and <= 140 }) return "nome is required (up to 140)";
        return !named && d.ContainsKey("nome") ? "no nome here" : null;
    }

    /// <summary>SolicRecSolicitada: idRec of a recurrence waiting for its payer, calendario.dataExpiracaoSolicitacao, destinatario.</summary>
    private string? CheckSolicRec(JsonObject? body)
    {
        if (body is null) return "the body is a JSON object";
        if (body.Select(p => p.Key).FirstOrDefault(k => k is not ("idRec" or "calendario" or "destinatario")) is { } unknown) return $"unknown property {unknown}";
        if (Text(body["idRec"]) is not { Length: 29 } idRec || !Regex.IsMatch(idRec, "^[a-zA-Z0-9]{29}$")) return "idRec is 29 letters or digits";
        if (!Recs.TryGetValue(idRec, out var rec) || Text(rec["status"]) != "CRIADA") return "idRec names no recurrence waiting for its payer";
        if (body["calendario"] is not JsonObject cal || Text(cal["dataExpiracaoSolicitacao"]) is not { } expiry
            || !DateTimeOffset.TryParse(expiry, CultureInfo.InvariantCulture, DateTimeStyles.None, out var until)) return "calendario.dataExpiracaoSolicitacao is an RFC 3339 date-time";
        if (DateOnly.FromDateTime(until.UtcDateTime) < Today()) return "calendario.dataExpiracaoSolicitacao is before the request's creation";
        if (body["destinatario"] is not JsonObject to) return "destinatario is required";
        if (Text(to["conta"]) is not { Length: > 0 and <= 20 }) return "destinatario.conta is required (up to 20)";
        if (Text(to["ispbParticipante"]) is not { } ispb || !Regex.IsMatch(ispb, "^[0-9A-Z]{8}$")) return "destinatario.ispbParticipante is 8 digits or upper-case letters";
        if (to["agencia"] is { } a && Text(a) is not { Length: <= 4 }) return "destinatario.agencia is up to 4";
        return CheckPerson(to, named: false) is { } person ? $"destinatario: {person}" : null;
    }

    /// <summary>CobRSolicitada: idRec (approved), calendario.dataDeVencimento, valor.original, ajusteDiaUtil, recebedor.</summary>
    private string? CheckCobr(JsonObject? body)
    {
        if (body is null) return "the body is a JSON object";
        if (body.Select(p => p.Key).FirstOrDefault(k => !CobrKnown.Contains(k)) is { } unknown) return $"unknown property {unknown}";
        if (Text(body["idRec"]) is not { } idRec || !Recs.TryGetValue(idRec, out var rec)) return "idRec names no recurrence";
        if (Text(rec["status"]) != "APROVADA") return "the recurrence is not APROVADA";
        if (body["infoAdicional"] is { } info && Text(info) is not { Length: <= 140 }) return "infoAdicional is a string up to 140";
        if (body["calendario"] is not JsonObject cal || !IsDate(cal["dataDeVencimento"], out var due)) return "calendario.dataDeVencimento is a YYYY-MM-DD date";
        if (due < Today().AddDays(2) || due > Today().AddDays(10)) return "calendario.dataDeVencimento is 2 to 10 days ahead (the Pix rules)";
        if (body["valor"] is not JsonObject valor || !IsAmount(valor["original"]) || Text(valor["original"]) == "0.00") return "valor.original is a string like 106.07, above zero";
        if (body["ajusteDiaUtil"] is not JsonValue adjust || adjust.GetValueKind() is not (JsonValueKind.True or JsonValueKind.False)) return "ajusteDiaUtil is a boolean";
        if (body["recebedor"] is not JsonObject to) return "recebedor is required";
        if (Text(to["conta"]) is not { Length: > 0 and <= 20 }) return "recebedor.conta is required (up to 20)";
        if (Text(to["tipoConta"]) is not ("CORRENTE" or "POUPANCA" or "PAGAMENTO")) return "recebedor.tipoConta is CORRENTE, POUPANCA or PAGAMENTO";
        if (to["agencia"] is { } a && Text(a) is not { Length: <= 4 }) return "recebedor.agencia is up to 4";
        var month = (due.Year, due.Month);
        if (Cobrs.Values.Any(c => Text(c["idRec"]) == idRec && Text(c["status"]) is not ("REJEITADA" or "CANCELADA")
                                  && IsDate(c["calendario"]!["dataDeVencimento"], out var other) && (other.Year, other.Month) == month))
            return "a live charge of the recurrence falls due in the same cycle";
        return null;
    }
}
