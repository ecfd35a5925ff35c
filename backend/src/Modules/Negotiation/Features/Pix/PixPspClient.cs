using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Polly;
using Polly.Retry;
using Polly.Timeout;

namespace Recovery.Negotiation.Features.Pix;

/// <summary>
/// The Pix API over HTTPS: an OAuth2 client-credentials token per PSP account, kept until it expires; a client per account
/// on a <see cref="SocketsHttpHandler"/> with the client certificate when one is configured (mutual TLS); each call
/// retried by Polly on transient failures (network, timeout, 408, 429, 5xx) with exponential back-off and jitter.
/// A POST creates something at the PSP each time it arrives (a recurrence, an authorisation request, a new attempt), so it
/// is retried only when it certainly did not arrive: the connection was never made, or the PSP answered 429. The job that
/// sent it finds out later what a lost answer did.
/// </summary>
internal sealed class PixPspClient(TimeProvider clock) : IPixPsp, IDisposable
{
    private readonly ConcurrentDictionary<string, Account> _accounts = new();

    public async Task<CobvResponse> PutCobvAsync(PspSettings psp, string txid, CobvRequest cobv, CancellationToken ct) =>
        (await SendAsync(psp, () => new HttpRequestMessage(HttpMethod.Put, Url(psp, $"cobv/{txid}"))
        {
            Content = JsonContent.Create(cobv, options: PixJson.Options),
        }, allowNotFound: false, ct))!;

    public async Task<CobvResponse> RemoveCobvAsync(PspSettings psp, string txid, CancellationToken ct) =>
        (await SendAsync(psp, () => new HttpRequestMessage(HttpMethod.Patch, Url(psp, $"cobv/{txid}"))
        {
            Content = JsonContent.Create(new { status = "REMOVIDA_PELO_USUARIO_RECEBEDOR" }, options: PixJson.Options),
        }, allowNotFound: false, ct))!;

    public Task<CobvResponse?> GetCobvAsync(PspSettings psp, string txid, CancellationToken ct) =>
        SendAsync(psp, () => new HttpRequestMessage(HttpMethod.Get, Url(psp, $"cobv/{txid}")), allowNotFound: true, ct);

    public async Task<PixPage> ListPixAsync(PspSettings psp, DateTimeOffset from, DateTimeOffset to, int page, CancellationToken ct)
    {
        var query = $"pix?inicio={Uri.EscapeDataString(Instant(from))}&fim={Uri.EscapeDataString(Instant(to))}" +
                    $"&paginacao.paginaAtual={page.ToString(CultureInfo.InvariantCulture)}&paginacao.itensPorPagina=100";
        using var response = await CallAsync(psp, () => new HttpRequestMessage(HttpMethod.Get, Url(psp, query)), ct);
        await EnsureAsync(response, ct);
        var body = await response.Content.ReadFromJsonAsync<PixList>(PixJson.Options, ct);
        return new PixPage(body?.Pix ?? [], body?.Parametros?.Paginacao?.PaginaAtual ?? page, Math.Max(1, body?.Parametros?.Paginacao?.QuantidadeDePaginas ?? 1));
    }

    public async Task<RecResponse> CreateRecAsync(PspSettings psp, RecRequest rec, CancellationToken ct) =>
        (await SendAsync<RecResponse>(psp, () => Json(HttpMethod.Post, psp, "rec", rec), allowNotFound: false, ct, repeatable: false))!;

    public Task<RecResponse?> GetRecAsync(PspSettings psp, string idRec, CancellationToken ct) =>
        SendAsync<RecResponse>(psp, () => new HttpRequestMessage(HttpMethod.Get, Url(psp, $"rec/{Uri.EscapeDataString(idRec)}")), allowNotFound: true, ct);

    public async Task<IReadOnlyList<RecListed>> FindRecsAsync(PspSettings psp, DateTimeOffset from, DateTimeOffset to, string document, CancellationToken ct)
    {
        var query = $"rec?inicio={Uri.EscapeDataString(Instant(from))}&fim={Uri.EscapeDataString(Instant(to))}" +
                    $"&{(document.Length == 11 ? "cpf" : "cnpj")}={Uri.EscapeDataString(document)}&paginacao.itensPorPagina=100";
        var list = await SendAsync<RecList>(psp, () => new HttpRequestMessage(HttpMethod.Get, Url(psp, query)), allowNotFound: false, ct);
        return list?.Recs ?? [];
    }

    public async Task<RecResponse> CancelRecAsync(PspSettings psp, string idRec, CancellationToken ct) =>
        (await SendAsync<RecResponse>(psp, () => Json(HttpMethod.Patch, psp, $"rec/{Uri.EscapeDataString(idRec)}", new { status = "CANCELADA" }), allowNotFound: false, ct))!;

    public async Task<SolicRecResponse> RequestAuthorisationAsync(PspSettings psp, SolicRecRequest request, CancellationToken ct) =>
        (await SendAsync<SolicRecResponse>(psp, () => Json(HttpMethod.Post, psp, "solicrec", request), allowNotFound: false, ct, repeatable: false))!;

    public async Task<CobrResponse> PutCobrAsync(PspSettings psp, string txid, CobrRequest cobr, CancellationToken ct) =>
        (await SendAsync<CobrResponse>(psp, () => Json(HttpMethod.Put, psp, $"cobr/{txid}", cobr), allowNotFound: false, ct))!;

    public Task<CobrResponse?> GetCobrAsync(PspSettings psp, string txid, CancellationToken ct) =>
        SendAsync<CobrResponse>(psp, () => new HttpRequestMessage(HttpMethod.Get, Url(psp, $"cobr/{txid}")), allowNotFound: true, ct);

    public async Task<CobrResponse> CancelCobrAsync(PspSettings psp, string txid, CancellationToken ct) =>
        (await SendAsync<CobrResponse>(psp, () => Json(HttpMethod.Patch, psp, $"cobr/{txid}", new { status = "CANCELADA" }), allowNotFound: false, ct))!;

    public async Task<CobrResponse> RetryCobrAsync(PspSettings psp, string txid, DateOnly date, CancellationToken ct) =>
        (await SendAsync<CobrResponse>(psp, () => new HttpRequestMessage(HttpMethod.Post,
            Url(psp, $"cobr/{txid}/retentativa/{date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}")), allowNotFound: false, ct, repeatable: false))!;

    private static HttpRequestMessage Json<T>(HttpMethod method, PspSettings psp, string path, T body) =>
        new(method, Url(psp, path)) { Content = JsonContent.Create(body, options: PixJson.Options) };

    private Task<CobvResponse?> SendAsync(PspSettings psp, Func<HttpRequestMessage> request, bool allowNotFound, CancellationToken ct) =>
        SendAsync<CobvResponse>(psp, request, allowNotFound, ct);

    /// <summary>A request that is not <paramref name="repeatable"/> (a POST that creates something) is retried only if it never arrived.</summary>
    private async Task<T?> SendAsync<T>(PspSettings psp, Func<HttpRequestMessage> request, bool allowNotFound, CancellationToken ct,
        bool repeatable = true) where T : class
    {
        using var response = await CallAsync(psp, request, ct, repeatable);
        if (allowNotFound && response.StatusCode == HttpStatusCode.NotFound) return null;
        await EnsureAsync(response, ct);
        return await response.Content.ReadFromJsonAsync<T>(PixJson.Options, ct);
    }

    /// <summary>One call with its token, through the retry pipeline; a 401 drops the token and tries once more with a new one.</summary>
    private async Task<HttpResponseMessage> CallAsync(PspSettings psp, Func<HttpRequestMessage> request, CancellationToken ct, bool repeatable = true)
    {
        var account = AccountOf(psp);
        for (var fresh = 0; ; fresh++)
        {
            var token = await account.TokenAsync(clock, ct);
            var response = await account.SendAsync(() =>
            {
                var message = request();
                message.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
                return message;
            }, ct, repeatable);
            if (response.StatusCode != HttpStatusCode.Unauthorized || fresh == 1) return response;
            response.Dispose();
            account.DropToken();
        }
    }

    private static async Task EnsureAsync(HttpResponseMessage response, CancellationToken ct)
    {
        if (response.IsSuccessStatusCode) return;
        var status = (int)response.StatusCode;
        var detail = await response.Content.ReadAsStringAsync(ct);
        throw new PspException($"The PSP answered {status}: {(detail.Length > 300 ? detail[..300] : detail)}", status, IsTransient(response.StatusCode));
    }

    /// <summary>A request that certainly never reached the PSP: no connection, or the PSP refused it before doing anything.</summary>
    internal static bool NeverArrived(Outcome<HttpResponseMessage> outcome) =>
        outcome.Exception is HttpRequestException { HttpRequestError: HttpRequestError.ConnectionError or HttpRequestError.NameResolutionError }
        || outcome.Result?.StatusCode == HttpStatusCode.TooManyRequests;

    internal static bool IsTransient(HttpStatusCode status) =>
        (int)status >= 500 || status is HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests;

    private static string Url(PspSettings psp, string path) => psp.BaseUrl!.TrimEnd('/') + "/" + path;

    private static string Instant(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    private Account AccountOf(PspSettings psp) =>
        _accounts.GetOrAdd($"{psp.BaseUrl}|{psp.TokenUrl}|{psp.ClientId}|{psp.CertificatePath}", _ => new Account(psp));

    public void Dispose()
    {
        foreach (var account in _accounts.Values) account.Dispose();
    }

    /// <summary>One PSP account: its HTTP client, its retry pipeline and its token.</summary>
    private sealed class Account : IDisposable
    {
        private readonly PspSettings _psp;
        private readonly HttpClient _http;
        private readonly ResiliencePipeline<HttpResponseMessage> _pipeline;
        private readonly ResiliencePipeline<HttpResponseMessage> _oncePipeline;
        private readonly SemaphoreSlim _gate = new(1, 1);
        private (string Value, DateTimeOffset Until)? _token;

        public Account(PspSettings psp)
        {
            _psp = psp;
            var handler = new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5), ConnectTimeout = TimeSpan.FromSeconds(10) };
            if (!string.IsNullOrWhiteSpace(psp.CertificatePath))
                handler.SslOptions.ClientCertificates = [X509CertificateLoader.LoadPkcs12FromFile(psp.CertificatePath, psp.CertificatePassword)];
            _http = new HttpClient(handler) { Timeout = Timeout.InfiniteTimeSpan };
            _pipeline = Pipeline(psp, new PredicateBuilder<HttpResponseMessage>()
                .Handle<HttpRequestException>()
                .Handle<TimeoutRejectedException>()
                .HandleResult(r => IsTransient(r.StatusCode)));
            _oncePipeline = Pipeline(psp, args => ValueTask.FromResult(NeverArrived(args.Outcome)));
        }

        private static ResiliencePipeline<HttpResponseMessage> Pipeline(PspSettings psp, Func<RetryPredicateArguments<HttpResponseMessage>, ValueTask<bool>> retryWhen) =>
            new ResiliencePipelineBuilder<HttpResponseMessage>()
                .AddRetry(new RetryStrategyOptions<HttpResponseMessage>
                {
                    MaxRetryAttempts = Math.Max(0, psp.Attempts - 1),
                    Delay = psp.RetryDelay,
                    BackoffType = DelayBackoffType.Exponential,
                    UseJitter = true,
                    ShouldHandle = retryWhen,
                    OnRetry = args =>
                    {
                        args.Outcome.Result?.Dispose();
                        return ValueTask.CompletedTask;
                    },
                })
                .AddTimeout(TimeSpan.FromSeconds(20))
                .Build();

        /// <summary>Sends through the retry pipeline; a request that is not <paramref name="repeatable"/> is retried only if it never arrived.</summary>
        public async Task<HttpResponseMessage> SendAsync(Func<HttpRequestMessage> request, CancellationToken ct, bool repeatable = true)
        {
            try
            {
                return await (repeatable ? _pipeline : _oncePipeline).ExecuteAsync(async token =>
                {
                    using var message = request();
                    return await _http.SendAsync(message, token);
                }, ct);
            }
            catch (Exception ex) when (ex is HttpRequestException or TimeoutRejectedException)
            {
                throw new PspException($"The PSP could not be reached: {ex.Message}", null, transient: true);
            }
        }

        /// <summary>The cached token, or a new one (client credentials, HTTP Basic) kept until a minute before it expires.</summary>
        public async Task<string> TokenAsync(TimeProvider clock, CancellationToken ct)
        {
            if (_token is { } t && t.Until > clock.GetUtcNow()) return t.Value;
            await _gate.WaitAsync(ct);
            try
            {
                if (_token is { } again && again.Until > clock.GetUtcNow()) return again.Value;
                using var response = await SendAsync(() => new HttpRequestMessage(HttpMethod.Post, _psp.TokenUrl)
                {
                    Headers = { Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{_psp.ClientId}:{_psp.ClientSecret}"))) },
                    Content = new FormUrlEncodedContent([new("grant_type", "client_credentials"), new("scope", _psp.AllScopes)]),
                }, ct);
                await EnsureAsync(response, ct);
                var body = await response.Content.ReadFromJsonAsync<TokenResponse>(PixJson.Options, ct);
                if (string.IsNullOrEmpty(body?.AccessToken)) throw new PspException("The PSP's token endpoint gave no access_token.", null, transient: true);
                var lifetime = TimeSpan.FromSeconds(Math.Max(0, (body.ExpiresIn ?? 300) - 60));
                _token = (body.AccessToken, clock.GetUtcNow() + lifetime);
                return body.AccessToken;
            }
            finally
            {
                _gate.Release();
            }
        }

        public void DropToken() => _token = null;

        public void Dispose() => _http.Dispose();
    }

    private sealed record TokenResponse(
        [property: System.Text.Json.Serialization.JsonPropertyName("access_token")] string? AccessToken,
        [property: System.Text.Json.Serialization.JsonPropertyName("expires_in")] int? ExpiresIn);

    private sealed record PixList(Parameters? Parametros, List<PixItem>? Pix);

    private sealed record Parameters(Pagination? Paginacao);

    private sealed record Pagination(int PaginaAtual, int QuantidadeDePaginas);
}
