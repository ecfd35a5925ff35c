using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Serialization;
using Microsoft.Extensions.Options;
using Polly;
using Polly.Retry;
using Polly.Timeout;

namespace Recovery.Bureau.Client;

/// <summary>
/// The bureau's HTTP API as docs/bureau-layout.md lays it out: an OAuth2 client-credentials token kept until a minute
/// before it expires (a 401 drops it and tries once more with a new one); every call through a Polly pipeline that retries
/// transient failures (network, timeout, 408, 429, 5xx) with exponential back-off and jitter, within a timeout per try.
/// </summary>
internal sealed class HttpBureauClient : IBureauClient, IDisposable
{
    private readonly BureauOptions _options;
    private readonly TimeProvider _clock;
    private readonly HttpClient _http = new(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5), ConnectTimeout = TimeSpan.FromSeconds(10) })
    {
        Timeout = Timeout.InfiniteTimeSpan,
    };
    private readonly ResiliencePipeline<HttpResponseMessage> _pipeline;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private (string Value, DateTimeOffset Until)? _token;

    public HttpBureauClient(IOptions<BureauOptions> options, TimeProvider clock)
    {
        _options = options.Value;
        _clock = clock;
        _pipeline = new ResiliencePipelineBuilder<HttpResponseMessage>()
            .AddRetry(new RetryStrategyOptions<HttpResponseMessage>
            {
                MaxRetryAttempts = Math.Max(0, _options.Attempts - 1),
                Delay = _options.RetryDelay,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                ShouldHandle = new PredicateBuilder<HttpResponseMessage>()
                    .Handle<HttpRequestException>()
                    .Handle<TimeoutRejectedException>()
                    .HandleResult(r => IsTransient(r.StatusCode)),
                OnRetry = args =>
                {
                    args.Outcome.Result?.Dispose();
                    return ValueTask.CompletedTask;
                },
            })
            .AddTimeout(TimeSpan.FromSeconds(20))
            .Build();
    }

    public async Task<BureauReport> LookUpAsync(string document, string purpose, Guid reference, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(_options.BaseUrl))
            throw new BusinessRuleException(ProblemTypes.Base + "bureau-not-configured", "No credit bureau is configured",
                "Lookups need a credit bureau's address and credentials (Bureau:BaseUrl); ask an administrator.");
        var request = new LookupRequest(document, document.Length == 11 ? "CPF" : "CNPJ", purpose, "LGPD art. 7º, X (proteção do crédito)",
            reference.ToString());
        for (var fresh = 0; ; fresh++)
        {
            var token = await TokenAsync(ct);
            using var response = await SendAsync(() => new HttpRequestMessage(HttpMethod.Post, _options.BaseUrl!.TrimEnd('/') + "/consultas")
            {
                Headers = { Authorization = new AuthenticationHeaderValue("Bearer", token) },
                Content = JsonContent.Create(request),
            }, ct);
            if (response.StatusCode == HttpStatusCode.Unauthorized && fresh == 0)
            {
                _token = null;
                continue;
            }
            // 404: the bureau knows nothing of the document ("nada consta"), which is an answer too.
            if (response.StatusCode == HttpStatusCode.NotFound) return new BureauReport(null, null, [], []);
            await EnsureAsync(response, ct);
            var body = await response.Content.ReadFromJsonAsync<LookupResponse>(ct)
                       ?? throw new BureauUnavailableException("The bureau answered an empty body.");
            return Read(body);
        }
    }

    private static BureauReport Read(LookupResponse body) => new(
        body.Protocolo,
        body.Score,
        (body.Restricoes ?? []).Select(r => new Restriction(
            r.Id ?? string.Join('|', r.Tipo, r.Credor, r.Data, r.Valor?.ToString(CultureInfo.InvariantCulture)),
            r.Tipo switch
            {
                "negativacao" => "negativacao",
                "protesto" => "protest",
                "acao_judicial" => "lawsuit",
                "cheque_sem_fundo" => "bounced_cheque",
                var other => other ?? "unknown",
            },
            r.Credor, r.Valor, DateOnly.TryParseExact(r.Data, "yyyy-MM-dd", out var d) ? d : null)).ToList(),
        (body.Contatos ?? []).Where(c => !string.IsNullOrWhiteSpace(c.Valor))
            .Select(c => new FoundContact(c.Tipo == "email" ? "email" : "phone", c.Valor!.Trim())).ToList());

    private async Task<string> TokenAsync(CancellationToken ct)
    {
        if (_token is { } t && t.Until > _clock.GetUtcNow()) return t.Value;
        await _gate.WaitAsync(ct);
        try
        {
            if (_token is { } again && again.Until > _clock.GetUtcNow()) return again.Value;
            using var response = await SendAsync(() => new HttpRequestMessage(HttpMethod.Post, _options.TokenUrl)
            {
                Headers = { Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{_options.ClientId}:{_options.ClientSecret}"))) },
                Content = new FormUrlEncodedContent([new("grant_type", "client_credentials"), new("scope", _options.Scope)]),
            }, ct);
            await EnsureAsync(response, ct);
            var body = await response.Content.ReadFromJsonAsync<TokenResponse>(ct);
            if (string.IsNullOrEmpty(body?.AccessToken)) throw new BureauUnavailableException("The bureau's token endpoint gave no access_token.");
            _token = (body.AccessToken, _clock.GetUtcNow() + TimeSpan.FromSeconds(Math.Max(0, (body.ExpiresIn ?? 300) - 60)));
            return body.AccessToken;
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task<HttpResponseMessage> SendAsync(Func<HttpRequestMessage> request, CancellationToken ct)
    {
        try
        {
            return await _pipeline.ExecuteAsync(async token =>
            {
                using var message = request();
                return await _http.SendAsync(message, token);
            }, ct);
        }
        catch (Exception ex) when (ex is HttpRequestException or TimeoutRejectedException)
        {
            throw new BureauUnavailableException($"The bureau could not be reached: {ex.Message}");
        }
    }

    private static async Task EnsureAsync(HttpResponseMessage response, CancellationToken ct)
    {
        if (response.IsSuccessStatusCode) return;
        var detail = await response.Content.ReadAsStringAsync(ct);
        throw new BureauUnavailableException($"The bureau answered {(int)response.StatusCode}: {(detail.Length > 300 ? detail[..300] : detail)}");
    }

    private static bool IsTransient(HttpStatusCode status) =>
        (int)status >= 500 || status is HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests;

    public void Dispose() => _http.Dispose();

    private sealed record LookupRequest(
        [property: JsonPropertyName("documento")] string Documento,
        [property: JsonPropertyName("tipoDocumento")] string TipoDocumento,
        [property: JsonPropertyName("finalidade")] string Finalidade,
        [property: JsonPropertyName("baseLegal")] string BaseLegal,
        [property: JsonPropertyName("referencia")] string Referencia);

    private sealed record LookupResponse(
        [property: JsonPropertyName("protocolo")] string? Protocolo,
        [property: JsonPropertyName("score")] int? Score,
        [property: JsonPropertyName("restricoes")] List<RestricaoJson>? Restricoes,
        [property: JsonPropertyName("contatos")] List<ContatoJson>? Contatos);

    private sealed record RestricaoJson(
        [property: JsonPropertyName("id")] string? Id,
        [property: JsonPropertyName("tipo")] string? Tipo,
        [property: JsonPropertyName("credor")] string? Credor,
        [property: JsonPropertyName("valor")] decimal? Valor,
        [property: JsonPropertyName("data")] string? Data);

    private sealed record ContatoJson(
        [property: JsonPropertyName("tipo")] string? Tipo,
        [property: JsonPropertyName("valor")] string? Valor);

    private sealed record TokenResponse(
        [property: JsonPropertyName("access_token")] string? AccessToken,
        [property: JsonPropertyName("expires_in")] int? ExpiresIn);
}
