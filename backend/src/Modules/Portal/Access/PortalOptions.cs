namespace Recovery.Portal.Access;

/// <summary>Bound from the <c>Portal</c> configuration section (docs/operations.md).</summary>
internal sealed class PortalOptions
{
    /// <summary>How long a sign-in code is valid.</summary>
    public TimeSpan CodeLifetime { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>
    /// The least time a code request takes, whether or not the document is known: the work differs (a code is written and
    /// handed to Communication only for a known one), the answer's time must not.
    /// </summary>
    public TimeSpan CodeRequestFloor { get; set; } = TimeSpan.FromMilliseconds(400);

    /// <summary>Code requests per document (known or not) and per client address in a window.</summary>
    public int CodeRequestsPerDocument { get; set; } = 5;
    public int CodeRequestsPerAddress { get; set; } = 30;
    public TimeSpan CodeRequestWindow { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Wrong codes per document before sign-in is refused (429) for the rest of the window.</summary>
    public int WrongCodesPerDocument { get; set; } = 5;

    /// <summary>Sign-in attempts per client address in a window.</summary>
    public int SignInsPerAddress { get; set; } = 30;
    public TimeSpan SignInWindow { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>A debtor's session ends after this long without a request, and this long after sign-in whatever the activity.</summary>
    public TimeSpan IdleTimeout { get; set; } = TimeSpan.FromMinutes(15);
    public TimeSpan AbsoluteTimeout { get; set; } = TimeSpan.FromHours(2);

    /// <summary>Callbacks and data-subject reports a debtor may ask for in a day (each kind): the portal sends e-mail and books agents' time.</summary>
    public int RequestsPerDay { get; set; } = 3;

    /// <summary>How long an offer shown may be taken (it is priced again when taken, and never past its day).</summary>
    public TimeSpan OfferLifetime { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>Mark the portal cookie Secure even on plain HTTP (behind a TLS proxy without forwarded headers).</summary>
    public bool AlwaysSecureCookies { get; set; }
}
