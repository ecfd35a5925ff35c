using System.Net.Http.Headers;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Recovery.BuildingBlocks.Messaging;
using Recovery.BuildingBlocks.Observability;
using Recovery.Communication.Data;
using Recovery.Communication.Features.Dispatch;
using Recovery.Communication.Features.Webhooks;

namespace Recovery.Communication.Jobs;

/// <summary>
/// Posts the pending deliveries, signed (<c>Recovery-Signature</c>) with the partner's secret; a non-2xx answer or no
/// answer is retried with exponential backoff (30 s, 1 min, 2 min, ... capped at 6 h) until three days after the event,
/// then the delivery is failed. Each delivery's state is visible to the partner.
/// </summary>
internal sealed class WebhookJob(IServiceProvider services, IHttpClientFactory http, IOptions<CommunicationOptions> options, Leases leases, TimeProvider clock,
    ILogger<WebhookJob> logger) : LeasedJob(leases, clock, logger)
{
    /// <summary>The HTTP client of deliveries: no redirects, and connections only to permitted addresses (<see cref="WebhookTarget"/>).</summary>
    public const string WebhookClient = "webhooks";

    public static readonly TimeSpan GiveUpAfter = TimeSpan.FromDays(3);

    protected override string Schema => CommunicationDb.Name;
    public override string LeaseName => "webhooks";
    protected override TimeSpan Interval => options.Value.DispatchInterval;

    protected override async Task<string> RunOnceAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        List<Due> due;
        await using (var scope = services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<CommunicationDb>();
            await using var session = await db.OpenAsync(ct);
            due = (await session.QueryAsync<Due>(db.Dialect.Limit(
                """
                SELECT d.id, d.event_id, d.payload, d.attempts, d.created_at, w.url, w.secret
                  FROM communication.webhook_delivery d JOIN communication.webhook w ON w.partner_id = d.partner_id
                 WHERE d.status = 'pending' AND d.next_attempt_at <= @Now ORDER BY d.next_attempt_at, d.id
                """, "200"), new { Now = now })).ToList();
        }
        if (due.Count == 0) return "";
        using var gate = new SemaphoreSlim(Math.Max(1, options.Value.Concurrency));
        var results = await Task.WhenAll(due.Select(async d =>
        {
            await gate.WaitAsync(ct);
            try { return (d, await PostAsync(d, ct)); }
            finally { gate.Release(); }
        }));
        await using (var scope = services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<CommunicationDb>();
            await using var tx = await db.BeginAsync(ct);
            var done = clock.GetUtcNow();
            foreach (var (d, (status, error)) in results)
            {
                var delivered = status is >= 200 and < 300;
                var next = done + TimeSpan.FromSeconds(Math.Min(30 * Math.Pow(2, d.Attempts), TimeSpan.FromHours(6).TotalSeconds));
                var state = delivered ? "delivered" : next - d.CreatedAt > GiveUpAfter ? "failed" : "pending";
                tx.AfterCommit(() => RecoveryMetrics.WebhookDelivery(state == "pending" ? "retry" : state));
                await tx.ExecuteAsync(
                    """
                    UPDATE communication.webhook_delivery SET status = @State, attempts = attempts + 1, last_status_code = @Status, last_error = @Error,
                           next_attempt_at = @Next, delivered_at = CASE WHEN @Delivered = 1 THEN @Now ELSE delivered_at END
                     WHERE id = @Id
                    """, new { d.Id, State = state, Status = status, Error = error, Next = next, Delivered = delivered ? 1 : 0, Now = done });
            }
            await tx.CommitAsync(ct);
        }
        return $"{results.Count(r => r.Item2.Status is >= 200 and < 300)} of {results.Length} webhook deliveries accepted";
    }

    private async Task<(int? Status, string? Error)> PostAsync(Due d, CancellationToken ct)
    {
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, d.Url) { Content = new StringContent(d.Payload, Encoding.UTF8, "application/json") };
            request.Headers.Add("Recovery-Event-Id", d.EventId.ToString());
            request.Headers.Add("Recovery-Signature", Webhook.Signature(d.Secret, clock.GetUtcNow().ToUnixTimeSeconds(), d.Payload));
            request.Headers.UserAgent.Add(new ProductInfoHeaderValue("Recovery-Webhooks", "1"));
            using var response = await http.CreateClient(WebhookClient).SendAsync(request, ct);
            return ((int)response.StatusCode, response.IsSuccessStatusCode ? null : $"HTTP {(int)response.StatusCode}");
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
        {
            return (null, ex.Message.Length > 480 ? ex.Message[..480] : ex.Message);
        }
    }

    private sealed class Due
    {
        public Guid Id { get; init; }
        public Guid EventId { get; init; }
        public string Payload { get; init; } = "";
        public int Attempts { get; init; }
        public DateTimeOffset CreatedAt { get; init; }
        public string Url { get; init; } = "";
        public string Secret { get; init; } = "";
    }
}
