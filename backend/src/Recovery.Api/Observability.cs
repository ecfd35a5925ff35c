using System.Reflection;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging.Console;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using Recovery.BuildingBlocks.Errors;
using Recovery.BuildingBlocks.Observability;

namespace Recovery.Api;

/// <summary>Settings of the <c>Observability</c> section (see docs/operations.md and ADR 0014).</summary>
internal sealed class ObservabilityOptions
{
    public const string Section = "Observability";

    /// <summary>The bearer token a scraper sends to <c>/metrics</c>; without one the endpoint does not exist (404).</summary>
    public string? MetricsToken { get; set; }

    /// <summary>Readiness fails when an event has waited in an outbox longer than this.</summary>
    public double MaxDispatchLagSeconds { get; set; } = 300;

    /// <summary>Logs as JSON lines on the console; by default everywhere but Development.</summary>
    public bool? JsonLogs { get; set; }

    /// <summary>Where traces and metrics are pushed by OTLP; the standard OTEL_EXPORTER_OTLP_ENDPOINT does the same.</summary>
    public string? OtlpEndpoint { get; set; }
}

/// <summary>
/// Traces, metrics and logs: OpenTelemetry for ASP.NET Core, outgoing HTTP, SQL Server's client, the runtime and the
/// product's own <see cref="RecoveryMetrics"/>; a Prometheus scrape at <c>/metrics</c> behind a bearer token; OTLP when
/// an endpoint is configured; JSON console logs carrying the trace and span ids; readiness at <c>/readyz</c>.
/// </summary>
internal static class Observability
{
    public const string MetricsPath = "/metrics";
    public const string ReadyPath = "/readyz";

    public static WebApplicationBuilder AddRecoveryObservability(this WebApplicationBuilder builder)
    {
        var config = builder.Configuration;
        var section = config.GetSection(ObservabilityOptions.Section);
        builder.Services.Configure<ObservabilityOptions>(section);
        var options = section.Get<ObservabilityOptions>() ?? new ObservabilityOptions();

        // Every log line written inside a request or a job run carries its trace and span ids as a scope.
        builder.Logging.Configure(o => o.ActivityTrackingOptions =
            ActivityTrackingOptions.TraceId | ActivityTrackingOptions.SpanId | ActivityTrackingOptions.ParentId);
        if (options.JsonLogs ?? !builder.Environment.IsDevelopment())
            builder.Logging.AddJsonConsole(o =>
            {
                o.IncludeScopes = true;
                o.UseUtcTimestamp = true;
                o.TimestampFormat = "yyyy-MM-dd'T'HH:mm:ss.fff'Z'";
            });

        var otlp = !string.IsNullOrWhiteSpace(options.OtlpEndpoint) || !string.IsNullOrWhiteSpace(config["OTEL_EXPORTER_OTLP_ENDPOINT"]);
        var scrape = !string.IsNullOrEmpty(options.MetricsToken);
        var version = typeof(Observability).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion;
        var telemetry = builder.Services.AddOpenTelemetry()
            .ConfigureResource(r => r.AddService(config["OTEL_SERVICE_NAME"] ?? "recovery", serviceVersion: version));

        telemetry.WithMetrics(m =>
        {
            m.AddMeter(RecoveryMetrics.Name)
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation()
                .AddSqlClientInstrumentation()
                .AddRuntimeInstrumentation();
            // Every scrape reads the instruments afresh (the outbox gauges keep their own one-second reading).
            if (scrape) m.AddPrometheusExporter(o => o.ScrapeResponseCacheDurationMilliseconds = 0);
            if (otlp) m.AddOtlpExporter(o => Endpoint(o, options, "metrics"));
        });

        // Spans are recorded only when they have somewhere to go: without OTLP, requests still get trace ids (for the
        // logs and the problems' traceId) from ASP.NET Core itself.
        if (otlp)
            telemetry.WithTracing(t => t
                .AddSource(RecoveryMetrics.Name)
                .AddAspNetCoreInstrumentation(o =>
                {
                    o.Filter = c => !IsProbe(c.Request.Path);
                    // The span is named by the route; its path may hold a document (/lgpd/data-subjects/{document}).
                    o.EnrichWithHttpResponse = (activity, _) =>
                    {
                        if (activity.GetTagItem("url.path") is string path) activity.SetTag("url.path", Redaction.Text(path));
                    };
                })
                .AddHttpClientInstrumentation()
                .AddSqlClientInstrumentation()
                .AddOtlpExporter(o => Endpoint(o, options, "traces")));

        builder.Services.AddHealthChecks().AddCheck<OutboxLagHealthCheck>("outbox", tags: [Readiness.Tag]);
        return builder;
    }

    private static Task ProblemAsync(HttpContext context, int status, string type, string title, string detail)
    {
        context.Response.StatusCode = status;
        return context.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails = new Microsoft.AspNetCore.Mvc.ProblemDetails { Status = status, Type = type, Title = title, Detail = detail },
        }).AsTask();
    }

    /// <summary>
    /// The configured endpoint, for one signal. Over http/protobuf an endpoint set in code is taken as the full URL, so
    /// the signal's path is added as the SDK adds it to OTEL_EXPORTER_OTLP_ENDPOINT; gRPC takes the address as it is.
    /// </summary>
    private static void Endpoint(OpenTelemetry.Exporter.OtlpExporterOptions o, ObservabilityOptions options, string signal)
    {
        if (string.IsNullOrWhiteSpace(options.OtlpEndpoint)) return;
        var endpoint = options.OtlpEndpoint.TrimEnd('/');
        o.Endpoint = new Uri(o.Protocol == OpenTelemetry.Exporter.OtlpExportProtocol.HttpProtobuf ? $"{endpoint}/v1/{signal}" : endpoint);
    }

    private static bool IsProbe(PathString path) =>
        path.StartsWithSegments(MetricsPath) || path.StartsWithSegments("/healthz") || path.StartsWithSegments(ReadyPath);

    /// <summary>Maps <c>/readyz</c> and <c>/metrics</c>; both are anonymous to the product's own sign-in.</summary>
    public static WebApplication UseRecoveryObservability(this WebApplication app)
    {
        // The gauges that read the outboxes exist from the start, not from the first time something asks for them.
        app.Services.GetRequiredService<BuildingBlocks.Messaging.OutboxBacklog>();

        app.MapHealthChecks(ReadyPath, new HealthCheckOptions
        {
            Predicate = c => c.Tags.Contains(Readiness.Tag),
            ResponseWriter = Readiness.WriteAsync,
        }).AllowAnonymous();

        var token = app.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<ObservabilityOptions>>().Value.MetricsToken;
        if (string.IsNullOrEmpty(token))
        {
            // Not configured: no scrape endpoint, and not the SPA's page either.
            app.Map(MetricsPath, context => ProblemAsync(context, 404, ProblemTypes.NotFound, "Not found", "Metrics are not published here."))
                .AllowAnonymous();
            return app;
        }
        var expected = SHA256.HashData(Encoding.UTF8.GetBytes(token));
        app.MapPrometheusScrapingEndpoint(MetricsPath, meterProvider: null, configureBranchedPipeline: branch => branch.Use((context, next) =>
        {
            var header = context.Request.Headers.Authorization.ToString();
            var given = header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? header["Bearer ".Length..].Trim() : "";
            if (given.Length == 0 || !CryptographicOperations.FixedTimeEquals(SHA256.HashData(Encoding.UTF8.GetBytes(given)), expected))
            {
                context.Response.Headers.WWWAuthenticate = "Bearer realm=\"metrics\"";
                return ProblemAsync(context, 401, ProblemTypes.Unauthorized, "Unauthorized", "Send the metrics token as a bearer token.");
            }
            return next(context);
        }), optionsName: null).AllowAnonymous();
        return app;
    }
}
