namespace Recovery.Negotiation.Features.Pix;

/// <summary>
/// Pix through the creditor's PSP (section <c>Negotiation:Pix</c>). No PSP configured for a portfolio: its installments
/// keep the static BR Code of the policy's Pix key, as before.
/// </summary>
internal sealed class PixOptions
{
    /// <summary>The PSP every portfolio uses unless <see cref="Portfolios"/> names another one for it.</summary>
    public PspSettings? Psp { get; set; }

    /// <summary>A PSP per portfolio, by portfolio id; it wins over <see cref="Psp"/>.</summary>
    public Dictionary<string, PspSettings> Portfolios { get; set; } = [];

    /// <summary>The shared token the PSP sends in <c>X-Provider-Token</c> with its payment webhook; none: webhooks refused.</summary>
    public string? WebhookToken { get; set; }

    /// <summary>How often the charges to create or remove at the PSP are looked at.</summary>
    public TimeSpan Interval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>How often the received Pix are listed at the PSP to find what the webhook missed (daily).</summary>
    public TimeSpan ReconciliationInterval { get; set; } = TimeSpan.FromDays(1);

    /// <summary>How many days before today the reconciliation lists (from that day's start in Brasília until now).</summary>
    public int ReconciliationDays { get; set; } = 2;

    /// <summary>The PSP of a portfolio, or null when Pix goes by the static BR Code.</summary>
    public PspSettings? For(Guid portfolioId) =>
        Portfolios.TryGetValue(portfolioId.ToString(), out var own) && own.Configured ? own : Psp is { Configured: true } ? Psp : null;

    /// <summary>Every distinct PSP account configured (reconciliation lists each once).</summary>
    public IEnumerable<PspSettings> All() =>
        Portfolios.Values.Append(Psp).OfType<PspSettings>().Where(p => p.Configured).DistinctBy(p => (p.BaseUrl, p.ClientId));
}

/// <summary>One PSP account, as the Central Bank's Pix API (v2) addresses it.</summary>
internal sealed class PspSettings
{
    /// <summary>The Pix API's base, e.g. <c>https://pix.psp.example.com.br/api/v2</c>; <c>/cobv/{txid}</c> and <c>/pix</c> are appended.</summary>
    public string? BaseUrl { get; set; }

    /// <summary>The OAuth2 token endpoint (client credentials).</summary>
    public string? TokenUrl { get; set; }

    public string? ClientId { get; set; }
    public string? ClientSecret { get; set; }

    /// <summary>The receiving Pix key (DICT key) the charges name.</summary>
    public string? Key { get; set; }

    /// <summary>The client certificate for mutual TLS (PKCS#12), when the PSP asks for one.</summary>
    public string? CertificatePath { get; set; }
    public string? CertificatePassword { get; set; }

    /// <summary>Scopes asked with the token.</summary>
    public string Scopes { get; set; } = "cobv.write cobv.read pix.read";

    /// <summary>The fine on a late installment, in percent (rules.md: 2 %); 0 leaves it out of the charge.</summary>
    public decimal FinePercent { get; set; } = 2m;

    /// <summary>The interest on a late installment, in percent a month (rules.md: 1 %); 0 leaves it out.</summary>
    public decimal MonthlyInterestPercent { get; set; } = 1m;

    /// <summary>How many times one call is tried on a transient failure (5xx, 408, 429, network) before the job tries later.</summary>
    public int Attempts { get; set; } = 3;

    /// <summary>The first pause between attempts; it doubles (with jitter) after each.</summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromMilliseconds(500);

    public bool Configured => !string.IsNullOrWhiteSpace(BaseUrl) && !string.IsNullOrWhiteSpace(TokenUrl) && !string.IsNullOrWhiteSpace(Key);
}
