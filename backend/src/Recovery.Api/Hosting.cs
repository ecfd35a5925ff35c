using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Recovery.Analytics;
using Recovery.BuildingBlocks;
using Recovery.BuildingBlocks.Errors;
using Recovery.BuildingBlocks.Idempotency;
using Recovery.Bureau;
using Recovery.Communication;
using Recovery.Debtors;
using Recovery.Escalation;
using Recovery.Negotiation;
using Recovery.Platform;
using Recovery.Portal;
using Recovery.Reporting;

namespace Recovery.Api;

/// <summary>Endpoints mapped inside the product's pipeline by a host that embeds it (the test host's probes).</summary>
internal delegate void EndpointExtension(IEndpointRouteBuilder endpoints);

internal static class Hosting
{
    public const string DefaultUrl = "http://127.0.0.1:5080";

    public static WebApplicationBuilder AddRecovery(this WebApplicationBuilder builder)
    {
        var config = builder.Configuration;
        if (string.IsNullOrEmpty(config[WebHostDefaults.ServerUrlsKey]) && string.IsNullOrEmpty(config["Kestrel:Endpoints:Http:Url"]))
            builder.WebHost.UseUrls(DefaultUrl);

        builder.Services.Configure<KestrelServerOptions>(o => o.Limits.MaxRequestBodySize = MaxBodyBytes(config));
        builder.Services.Configure<JsonOptions>(o =>
        {
            o.SerializerOptions.Converters.Add(new JsonStringEnumConverter(System.Text.Json.JsonNamingPolicy.CamelCase));
            o.SerializerOptions.NumberHandling = JsonNumberHandling.Strict;
        });
        // Binding failures (malformed JSON, wrong types) become exceptions, so the one handler answers with a problem.
        builder.Services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);

        // Benchmarks of time-bound work (the contact windows) start the clock at a chosen moment; never in production.
        if (builder.Environment.IsEnvironment("Benchmark") && config.GetValue<DateTimeOffset?>("Benchmark:ClockStart") is { } start)
            builder.Services.AddSingleton<TimeProvider>(new ShiftedClock(start - DateTimeOffset.UtcNow));

        builder.Services
            .AddBuildingBlocks(config)
            .AddPlatform(config)
            .AddDebtors(config)
            .AddNegotiation(config)
            .AddCommunication(config)
            .AddReporting(config)
            .AddPortal(config)
            .AddAnalytics(config)
            .AddBureau(config)
            .AddEscalation(config);

        builder.Services.AddRecoveryDataProtection(config);
        builder.Services.AddRecoverySecurityHeaders(config);
        builder.Services.AddHealthChecks().AddCheck<DatabaseHealthCheck>("database", tags: [Readiness.Tag]);
        builder.AddRecoveryObservability();
        builder.Services.AddRecoveryOpenApi();
        return builder;
    }

    private static long MaxBodyBytes(IConfiguration config) => config.GetValue<long?>("Limits:MaxRequestBodyBytes") ?? 4 * 1024 * 1024;

    public static WebApplication UseRecovery(this WebApplication app)
    {
        app.UseRecoverySecurityHeaders();
        app.UseProblemLanguage();
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        // Kestrel stops an oversized streamed body; a declared oversized one is refused before it is read, on any server.
        var maxBody = MaxBodyBytes(app.Configuration);
        app.Use((context, next) => context.Request.ContentLength > maxBody
            ? throw new Microsoft.AspNetCore.Http.BadHttpRequestException($"The body is larger than {maxBody} bytes.", StatusCodes.Status413PayloadTooLarge)
            : next(context));
        app.UseDefaultFiles();
        app.UseStaticFiles();
        app.UseIdempotencyBuffering();
        app.UseRouting();
        app.UsePlatformSecurity();

        app.UseRecoveryOpenApi();
        app.MapHealthChecks("/healthz", new() { Predicate = c => c.Name == "database" }).AllowAnonymous();
        app.UseRecoveryObservability();
        app.MapPlatform();
        app.MapDebtors();
        app.MapNegotiation();
        app.MapCommunication();
        app.MapReporting();
        app.MapPortal();
        app.MapAnalytics();
        app.MapBureau();
        app.MapEscalation();
        foreach (var extension in app.Services.GetServices<EndpointExtension>()) extension(app);

        // Every path outside /api and /swagger is the SPA's, which routes on the client; an unknown API path stays a
        // 404 problem (and a known path with the wrong method a 405).
        app.MapFallbackToFile("{*path:regex(^(?!api/|swagger/).*$)}", "index.html");
        return app;
    }
}

/// <summary>The system clock moved by a fixed offset (the "Benchmark" environment only).</summary>
internal sealed class ShiftedClock(TimeSpan offset) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => base.GetUtcNow() + offset;
}
