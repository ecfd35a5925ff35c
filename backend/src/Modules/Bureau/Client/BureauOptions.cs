namespace Recovery.Bureau.Client;

/// <summary>The configuration section <c>Bureau</c> (docs/operations.md).</summary>
internal sealed class BureauOptions
{
    /// <summary>The bureau's API (e.g. <c>https://api.bureau.example/v1</c>); empty: lookups are refused as unavailable.</summary>
    public string? BaseUrl { get; set; }

    /// <summary>The OAuth2 token endpoint (client credentials with HTTP Basic).</summary>
    public string? TokenUrl { get; set; }

    public string? ClientId { get; set; }
    public string? ClientSecret { get; set; }
    public string Scope { get; set; } = "consulta";

    /// <summary>Tries per call (the first included), with exponential back-off and jitter from <see cref="RetryDelay"/>.</summary>
    public int Attempts { get; set; } = 3;
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>What one lookup costs under the contract, in reais (charged to the portfolio's monthly budget).</summary>
    public decimal Price { get; set; } = 3.50m;

    /// <summary>How long an answer is served again without asking (and paying) the bureau again.</summary>
    public TimeSpan CacheFor { get; set; } = TimeSpan.FromDays(1);

    /// <summary>The monthly budget of a portfolio that set none, in reais.</summary>
    public decimal DefaultMonthlyBudget { get; set; } = 500m;

    /// <summary>How often the placement job looks for lookups to make.</summary>
    public TimeSpan PlacementInterval { get; set; } = TimeSpan.FromMinutes(1);

    public MonitoringOptions Monitoring { get; set; } = new();

    internal sealed class MonitoringOptions
    {
        /// <summary>How often the monitoring job runs.</summary>
        public TimeSpan Interval { get; set; } = TimeSpan.FromHours(1);

        /// <summary>How old a debtor's last answer may be before monitoring asks again.</summary>
        public TimeSpan Every { get; set; } = TimeSpan.FromDays(7);

        /// <summary>A score change of at least this many points (0–1000) raises an alert.</summary>
        public int ScoreThreshold { get; set; } = 50;
    }
}
