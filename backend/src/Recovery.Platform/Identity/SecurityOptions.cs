namespace Recovery.Platform.Identity;

/// <summary>Bound from the <c>Security</c> configuration section.</summary>
internal sealed class SecurityOptions
{
    /// <summary>A session ends after this long without a request.</summary>
    public TimeSpan IdleTimeout { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>A session ends this long after sign-in, whatever the activity.</summary>
    public TimeSpan AbsoluteTimeout { get; set; } = TimeSpan.FromHours(12);

    /// <summary>Consecutive failed sign-ins that lock an account.</summary>
    public int LockoutThreshold { get; set; } = 5;

    public TimeSpan LockoutDuration { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>Mark the session cookie Secure even on plain HTTP requests (behind a TLS proxy without forwarded headers).</summary>
    public bool AlwaysSecureCookies { get; set; }

    public RateLimitOptions RateLimits { get; set; } = new();
}

internal sealed class RateLimitOptions
{
    public int PartnerPermitsPerSecond { get; set; } = 100;
    public int PartnerBurst { get; set; } = 200;
    public int UserPermitsPerSecond { get; set; } = 30;
    public int UserBurst { get; set; } = 100;
    public int AnonymousPermitsPerSecond { get; set; } = 10;
    public int AnonymousBurst { get; set; } = 40;
}
