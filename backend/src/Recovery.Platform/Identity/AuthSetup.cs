using System.Globalization;
using System.Security.Claims;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Recovery.Platform.Identity;


internal static class AuthSetup
{
    public static IServiceCollection AddRecoveryAuth(this IServiceCollection services)
    {
        services.AddSingleton<SessionStore>();
        services.AddSingleton<IPostConfigureOptions<CookieAuthenticationOptions>, ConfigureSessionCookie>();
        services.AddAuthentication(AuthSchemes.Selector)
            .AddPolicyScheme(AuthSchemes.Selector, "Session cookie or API key", o =>
                o.ForwardDefaultSelector = c =>
                    // The portal's paths read the debtor's cookie only (its scheme is registered by the Portal module);
                    // no other path reads it, so a debtor's session reaches nothing else.
                    c.Request.Path.StartsWithSegments(AuthSchemes.PortalPath) ? AuthSchemes.Portal
                    : c.Request.Headers.ContainsKey(ApiKeyAuthenticationHandler.Header) ? AuthSchemes.ApiKey : AuthSchemes.Cookie)
            .AddCookie(AuthSchemes.Cookie, o =>
            {
                o.Cookie.Name = AuthSchemes.CookieName;
                o.Cookie.HttpOnly = true;
                o.Cookie.SameSite = SameSiteMode.Strict;
                o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                o.SlidingExpiration = true;
                // An API answers 401 and 403; it never redirects to a login page.
                o.Events.OnRedirectToLogin = c => { c.Response.StatusCode = 401; return Task.CompletedTask; };
                o.Events.OnRedirectToAccessDenied = c => { c.Response.StatusCode = 403; return Task.CompletedTask; };
            })
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(AuthSchemes.ApiKey, null);

        services.AddAuthorizationBuilder()
            .AddPolicy(Policies.Admin, p => p.AddAuthenticationSchemes(AuthSchemes.Cookie).RequireRole(Roles.Admin))
            .AddPolicy(Policies.Supervisor, p => p.AddAuthenticationSchemes(AuthSchemes.Cookie).RequireRole(Roles.Admin, Roles.Supervisor))
            .AddPolicy(Policies.Agent, p => p.AddAuthenticationSchemes(AuthSchemes.Cookie).RequireRole(Roles.Admin, Roles.Supervisor, Roles.Agent))
            .AddPolicy(Policies.Auditor, p => p.AddAuthenticationSchemes(AuthSchemes.Cookie).RequireRole(Roles.Admin, Roles.Auditor))
            .AddPolicy(Policies.Reports, p => p.AddAuthenticationSchemes(AuthSchemes.Cookie).RequireRole(Roles.Admin, Roles.Auditor, Roles.Supervisor))
            .AddPolicy(Policies.Person, p => p.AddAuthenticationSchemes(AuthSchemes.Cookie).RequireRole(Roles.People.ToArray()))
            .AddPolicy(Policies.Partner, p => p.AddAuthenticationSchemes(AuthSchemes.ApiKey).RequireRole(Roles.Partner));

        services.AddRateLimiter(o =>
        {
            o.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(Partition);
            o.OnRejected = async (context, ct) =>
            {
                var retry = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var after) ? after : TimeSpan.FromSeconds(1);
                var seconds = Math.Max(1, (int)Math.Ceiling(retry.TotalSeconds));
                context.HttpContext.Response.StatusCode = 429;
                context.HttpContext.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
                // The limiter answers before the language is chosen: debtors on the portal's paths read Portuguese, as
                // every other answer there (ADR 0023).
                var request = context.HttpContext.Request;
                var portuguese = request.Path.StartsWithSegments(AuthSchemes.PortalPath) || Language.IsPortuguese;
                await context.HttpContext.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
                {
                    HttpContext = context.HttpContext,
                    ProblemDetails = new ProblemDetails
                    {
                        Status = 429, Type = ProblemTypes.RateLimited, Title = portuguese ? "Muitas tentativas" : "Too many requests",
                        Detail = portuguese
                            ? $"Você fez muitas tentativas em pouco tempo. Tente de novo em {seconds} segundo(s)."
                            : $"The rate limit for this caller was reached. Retry after {seconds} s.",
                    },
                });
            };
        });
        return services;
    }

    /// <summary>One token bucket per partner, per person, and per address for anonymous callers.</summary>
    private static RateLimitPartition<string> Partition(HttpContext context)
    {
        var limits = context.RequestServices.GetRequiredService<IOptionsMonitor<SecurityOptions>>().CurrentValue.RateLimits;
        var user = context.User;
        if (user.FindFirstValue(RecoveryClaims.PartnerId) is { } partner)
            return Bucket("partner:" + partner, limits.PartnerPermitsPerSecond, limits.PartnerBurst);
        if (user.Identity?.IsAuthenticated == true && user.FindFirstValue(ClaimTypes.NameIdentifier) is { } id)
            return Bucket("user:" + id, limits.UserPermitsPerSecond, limits.UserBurst);
        if (!context.Request.Path.StartsWithSegments("/api"))
            return RateLimitPartition.GetNoLimiter("static");
        return Bucket("ip:" + context.Connection.RemoteIpAddress, limits.AnonymousPermitsPerSecond, limits.AnonymousBurst);

        static RateLimitPartition<string> Bucket(string key, int perSecond, int burst) =>
            RateLimitPartition.GetTokenBucketLimiter(key, _ => new TokenBucketRateLimiterOptions
            {
                TokenLimit = Math.Max(1, burst),
                TokensPerPeriod = Math.Max(1, perSecond),
                ReplenishmentPeriod = TimeSpan.FromSeconds(1),
                QueueLimit = 0,
                AutoReplenishment = true,
            });
    }

    /// <summary>
    /// After authentication: cookie-authenticated writes must carry X-Requested-With (a header a cross-site form cannot
    /// set), auditors change nothing, and a person whose role requires a second factor and who has none yet may only
    /// enrol (see <see cref="MayActWithoutSecondFactor"/>).
    /// </summary>
    public static IApplicationBuilder UseRequestGuards(this IApplicationBuilder app) =>
        app.Use(async (context, next) =>
        {
            var method = context.Request.Method;
            var isWrite = !(HttpMethods.IsGet(method) || HttpMethods.IsHead(method) || HttpMethods.IsOptions(method) || HttpMethods.IsTrace(method));
            var identity = context.User.Identity;
            if (isWrite && identity is { IsAuthenticated: true, AuthenticationType: AuthSchemes.Cookie or AuthSchemes.Portal })
            {
                // Present and not blank: an empty value is what a careless proxy or a crafted request would send.
                if (string.IsNullOrWhiteSpace(context.Request.Headers[AuthSchemes.CsrfHeader].ToString()))
                {
                    await ForbidAsync(context, "Requests made with a session cookie that change something must carry the X-Requested-With header.");
                    return;
                }
                if (context.User.IsInRole(Roles.Auditor) && !context.Request.Path.StartsWithSegments("/api/v1/auth"))
                {
                    await ForbidAsync(context, "Auditors have read-only access.");
                    return;
                }
            }
            if (identity is { IsAuthenticated: true, AuthenticationType: AuthSchemes.Cookie } && !MayActWithoutSecondFactor(context))
            {
                await ForbidAsync(context, "Your role signs in with a second factor: set up multi-factor sign-in (POST /api/v1/auth/mfa) first.",
                    ProblemTypes.MfaEnrollmentRequired);
                return;
            }
            await next(context);
        });

    /// <summary>What a session may call before its person has set up the second factor their role requires.</summary>
    private static readonly (string Method, string Path)[] EnrolmentCalls =
    [
        ("GET", "/api/v1/auth/me"), ("POST", "/api/v1/auth/mfa"), ("POST", "/api/v1/auth/mfa/confirm"),
        ("POST", "/api/v1/auth/logout"), ("POST", "/api/v1/auth/login"),
    ];

    private static bool MayActWithoutSecondFactor(HttpContext context)
    {
        var user = context.User;
        if (user.HasClaim(c => c.Type == SecondFactor.Claim) || !SecondFactor.RequiredFor.Any(user.IsInRole)) return true;
        var path = context.Request.Path;
        if (!path.StartsWithSegments("/api")) return true;
        return EnrolmentCalls.Any(c => HttpMethods.Equals(c.Method, context.Request.Method)
                                       && path.Equals(c.Path, StringComparison.OrdinalIgnoreCase));
    }

    private static Task ForbidAsync(HttpContext context, string detail, string type = ProblemTypes.Forbidden)
    {
        context.Response.StatusCode = 403;
        return context.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails = new ProblemDetails { Status = 403, Type = type, Title = type == ProblemTypes.Forbidden ? "Forbidden" : "Second factor not set up", Detail = detail },
        }).AsTask();
    }
}
