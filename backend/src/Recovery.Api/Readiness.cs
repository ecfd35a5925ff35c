using System.Text.Json;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using Recovery.BuildingBlocks.Errors;
using Recovery.BuildingBlocks.Messaging;

namespace Recovery.Api;

/// <summary>
/// <c>/readyz</c>: every schema answers with all of its migrations journaled, and no event has waited in an outbox longer
/// than <c>Observability:MaxDispatchLagSeconds</c>. 200 with one entry per check; 503 as a problem with the same entries.
/// The body says what failed in a sentence and a few numbers, never an exception, a connection string or a host.
/// </summary>
internal static class Readiness
{
    public const string Tag = "ready";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static Task WriteAsync(HttpContext context, HealthReport report)
    {
        var ready = report.Status != HealthStatus.Unhealthy;
        var checks = report.Entries.ToDictionary(e => e.Key, e => new
        {
            status = e.Value.Status.ToString(),
            description = e.Value.Description,
            data = e.Value.Data.Count == 0 ? null : e.Value.Data,
        });
        context.Response.ContentType = ready ? "application/json" : "application/problem+json";
        object body = ready
            ? new { status = report.Status.ToString(), checks }
            : new
            {
                type = ProblemTypes.Base + "not-ready",
                title = "Not ready",
                status = StatusCodes.Status503ServiceUnavailable,
                detail = string.Join(" ", report.Entries.Where(e => e.Value.Status == HealthStatus.Unhealthy).Select(e => e.Value.Description)),
                checks,
            };
        return context.Response.WriteAsync(JsonSerializer.Serialize(body, Json));
    }
}

/// <summary>Unhealthy when the oldest undelivered event of any outbox is older than the configured lag.</summary>
internal sealed class OutboxLagHealthCheck(OutboxBacklog backlog, TimeProvider clock, IOptions<ObservabilityOptions> options) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken ct = default)
    {
        var max = options.Value.MaxDispatchLagSeconds;
        IReadOnlyList<OutboxBacklog.Pending> pending;
        try { pending = await backlog.ReadAsync(ct); }
        catch (Exception) { return HealthCheckResult.Unhealthy("The outboxes could not be read."); }
        var now = clock.GetUtcNow();
        var lag = pending.Count == 0 ? 0 : Math.Max(0, pending.Max(p => (now - p.OldestAt).TotalSeconds));
        var data = new Dictionary<string, object>
        {
            ["pendingEvents"] = pending.Sum(p => p.Count),
            ["lagSeconds"] = Math.Round(lag, 1),
            ["maxLagSeconds"] = max,
        };
        return lag > max
            ? HealthCheckResult.Unhealthy($"The oldest undelivered event has waited {lag:0} s (more than {max:0} s).", data: data)
            : HealthCheckResult.Healthy("Events are delivered in time.", data);
    }
}
