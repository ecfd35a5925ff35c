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

    /// <summary>The PSP of a portfolio when it offers Pix Automático, else null.</summary>
    public PspSettings? AutomaticFor(Guid portfolioId) => For(portfolioId) is { OffersAutomatic: true } psp ? psp : null;

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

    /// <summary>Pix Automático through this account (ADR 0021); off unless <see cref="AutomaticSettings.Enabled"/>.</summary>
    public AutomaticSettings? Automatic { get; set; }

    /// <summary>Pix Automático is offered: enabled and the receiving account the recurring charges name is configured.</summary>
    public bool OffersAutomatic => Automatic is { Enabled: true } a && !string.IsNullOrWhiteSpace(a.Account);

    /// <summary>The scopes asked with the token: those of Pix Automático too when it is offered.</summary>
    public string AllScopes => OffersAutomatic ? $"{Scopes} rec.write rec.read solicrec.write cobr.write cobr.read" : Scopes;
}

/// <summary>Pix Automático (recurrence, authorisation request, recurring charges) for the agreements of a portfolio.</summary>
internal sealed class AutomaticSettings
{
    public bool Enabled { get; set; }

    /// <summary>The creditor's receiving account the recurring charges name (CobR's recebedor): branch, account and its type.</summary>
    public string? Branch { get; set; }
    public string? Account { get; set; }
    public string AccountType { get; set; } = "CORRENTE";

    /// <summary>The recurrence's politicaRetentativa: PERMITE_3R_7D (up to three new attempts within seven days after the due date) or NAO_PERMITE.</summary>
    public string RetryPolicy { get; set; } = "PERMITE_3R_7D";

    /// <summary>How many days before its due date an installment's recurring charge is sent (the Pix rules allow 2 to 10).</summary>
    public int LeadDays { get; set; } = 8;

    /// <summary>How many days the debtor has to answer the authorisation request (its dataExpiracaoSolicitacao).</summary>
    public int AuthorisationDays { get; set; } = 5;

    /// <summary>How often a recurrence waiting for authorisation, or a charge past its due date, is asked at the PSP.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromHours(1);

    /// <summary>The earliest a recurring charge may be sent before its due date; later, the installment goes by copia e cola.</summary>
    public const int MinLeadDays = 2;

    public int Lead => Math.Clamp(LeadDays, MinLeadDays, 10);
}
