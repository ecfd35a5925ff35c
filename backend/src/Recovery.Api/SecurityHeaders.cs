using Microsoft.AspNetCore.HttpOverrides;

namespace Recovery.Api;

/// <summary>
/// The headers every response carries: no MIME sniffing, no framing, no referrer leaving the site, and a content
/// policy without inline scripts. The SPA's pages may load only their own files; the API's answers (JSON, CSV, letters)
/// may load no script at all; the Swagger UI keeps its inline styles and data: images. HSTS only over TLS, which behind
/// a proxy is known from X-Forwarded-Proto when <c>Hosting:TrustForwardedHeaders</c> says the proxy is ours.
/// </summary>
internal static class SecurityHeaders
{
    // Scripts only from the SPA's own files. Styles may be inline: the component library writes its theme's variables
    // and some components' styles into <style> elements at run time (no script can come in through them).
    private const string SpaPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self'; " +
        "connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

    // Letters and terms are HTML documents with their own inline styles, opened in a tab of their own: styles, no scripts.
    private const string ApiPolicy = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; frame-ancestors 'none'";

    private const string SwaggerPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; " +
        "connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

    private static readonly string[] MachinePaths = ["/api", "/healthz", "/readyz", "/metrics"];

    public static IServiceCollection AddRecoverySecurityHeaders(this IServiceCollection services, IConfiguration config)
    {
        services.AddHsts(o => o.MaxAge = TimeSpan.FromDays(365));
        if (config.GetValue<bool>("Hosting:TrustForwardedHeaders"))
            services.Configure<ForwardedHeadersOptions>(o =>
            {
                o.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
                // The proxy in front is the operator's; which addresses it uses is theirs to say (none: any, as in a container).
                o.KnownIPNetworks.Clear();
                o.KnownProxies.Clear();
                foreach (var proxy in config.GetSection("Hosting:KnownProxies").Get<string[]>() ?? [])
                    o.KnownProxies.Add(System.Net.IPAddress.Parse(proxy));
            });
        return services;
    }

    public static WebApplication UseRecoverySecurityHeaders(this WebApplication app)
    {
        if (app.Configuration.GetValue<bool>("Hosting:TrustForwardedHeaders")) app.UseForwardedHeaders();
        app.UseHsts(); // over TLS only, and never for localhost
        app.Use((context, next) =>
        {
            var path = context.Request.Path;
            context.Response.OnStarting(() =>
            {
                var headers = context.Response.Headers;
                headers.XContentTypeOptions = "nosniff";
                headers.XFrameOptions = "DENY";
                headers["Referrer-Policy"] = "no-referrer";
                headers["Cross-Origin-Opener-Policy"] = "same-origin";
                headers["Permissions-Policy"] = "camera=(), microphone=(), geolocation=(), payment=()";
                headers.ContentSecurityPolicy =
                    MachinePaths.Any(p => path.StartsWithSegments(p)) ? ApiPolicy
                    : path.StartsWithSegments("/swagger") ? SwaggerPolicy
                    : SpaPolicy;
                return Task.CompletedTask;
            });
            return next(context);
        });
        return app;
    }
}
