using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Recovery.BuildingBlocks.Observability;
using Recovery.Communication.Contracts;
using Recovery.Communication.Data;
using Recovery.Communication.Features.Dispatch;

namespace Recovery.Communication.Features.Requested;

/// <summary>Wakes the sender as soon as a requested message is queued (it also looks on its own every few seconds).</summary>
internal sealed class RequestedMessageSignal
{
    private readonly SemaphoreSlim _semaphore = new(0, 1);

    public void Notify()
    {
        try { _semaphore.Release(); }
        catch (SemaphoreFullException) { }
    }

    public Task<bool> WaitAsync(TimeSpan timeout, CancellationToken ct) => _semaphore.WaitAsync(timeout, ct);
}

/// <summary>
/// Sends the queued requested messages through the real channels. Each is claimed first (its attempt counted and its next
/// attempt pushed two minutes ahead, only where still queued with the attempts read), sent outside any transaction, then
/// recorded under that claim: a crash between claim and record sends it again after the claim, never loses it. A failure
/// retries after 2, 4, 8… seconds (at most a minute) until the message expires (a code's own lifetime); once sent, its
/// text and attachment are cleared (a code is a secret, the report is personal data) and <see cref="RequestedMessageSent"/>
/// is published.
/// </summary>
internal sealed class RequestedMessageSender(IServiceProvider services, IEnumerable<IChannel> channels, RequestedMessageSignal signal,
    IOptions<CommunicationOptions> options, TimeProvider clock, ILogger<RequestedMessageSender> logger) : BackgroundService
{
    private static readonly TimeSpan Claim = TimeSpan.FromMinutes(2);
    private static readonly TimeSpan SendTimeout = TimeSpan.FromSeconds(30);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await Task.Yield();
        while (!stoppingToken.IsCancellationRequested)
        {
            var busy = false;
            try
            {
                busy = await SendDueAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested) { break; }
            catch (Exception ex)
            {
                logger.LogError(Redaction.Exception(ex), "Sending requested messages failed; retrying");
            }
            if (busy) continue;
            try { await signal.WaitAsync(options.Value.RequestedPollInterval, stoppingToken); }
            catch (OperationCanceledException) { break; }
        }
    }

    /// <summary>Sends one batch of due messages; true when there was any.</summary>
    public async Task<bool> SendDueAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        List<Row> claimed = [];
        await using (var scope = services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<CommunicationDb>();
            List<Row> due;
            await using (var session = await db.OpenAsync(ct))
                due = (await session.QueryAsync<Row>(db.Dialect.Limit(
                    """
                    SELECT id, debtor_id, kind, channel, recipient, subject, body, attachment_name, attachment, attempts, expires_at
                      FROM communication.requested_message WHERE status = 'queued' AND not_before <= @Now ORDER BY not_before, id
                    """, "20"), new { Now = now })).ToList();
            if (due.Count == 0) return false;
            await using var tx = await db.BeginAsync(ct);
            foreach (var m in due)
            {
                if (m.ExpiresAt <= now)
                    await tx.ExecuteAsync(
                        "UPDATE communication.requested_message SET status = 'expired', subject = NULL, body = NULL, attachment = NULL, reason = COALESCE(reason, 'expirou antes do envio') WHERE id = @Id AND status = 'queued'",
                        new { m.Id });
                else if (await tx.ExecuteAsync(
                             "UPDATE communication.requested_message SET attempts = @Claim, not_before = @Until WHERE id = @Id AND status = 'queued' AND attempts = @Attempts",
                             new { m.Id, m.Attempts, Claim = m.Attempts + 1, Until = now + Claim }) == 1)
                    claimed.Add(m);
            }
            await tx.CommitAsync(ct);
        }

        var results = await Task.WhenAll(claimed.Select(async m =>
        {
            try
            {
                using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
                timeout.CancelAfter(SendTimeout);
                var outgoing = new Outgoing(m.Id, m.Channel, m.Recipient, m.Subject, m.Body ?? "", "", null,
                    m.Attachment is null ? null : new Attachment(m.AttachmentName ?? "anexo.pdf", "application/pdf", m.Attachment));
                await channels.Single(c => c.Name == m.Channel).SendAsync(outgoing, timeout.Token);
                return (m, (string?)null);
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
            {
                logger.LogWarning("A requested message ({Kind}) could not be sent by {Channel}: {Error}", m.Kind, m.Channel, ex.GetType().Name);
                return (m, ex.GetType().Name + ": " + ex.Message);
            }
        }));

        await using (var scope = services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<CommunicationDb>();
            await using var tx = await db.BeginAsync(CancellationToken.None);
            var done = clock.GetUtcNow();
            foreach (var (m, error) in results)
            {
                var args = new { m.Id, Claim = m.Attempts + 1, Now = done, Error = error is { Length: > 480 } ? error[..480] : error,
                    RetryAt = done + TimeSpan.FromSeconds(Math.Min(60, Math.Pow(2, m.Attempts + 1))) };
                const string Claimed = "WHERE id = @Id AND status = 'queued' AND attempts = @Claim";
                if (error is null)
                {
                    if (await tx.ExecuteAsync(
                            $"UPDATE communication.requested_message SET status = 'sent', sent_at = @Now, subject = NULL, body = NULL, attachment = NULL, reason = NULL {Claimed}",
                            args) == 1)
                        await tx.PublishAsync(new RequestedMessageSent(m.Id, m.DebtorId, m.Kind, m.Channel, done), done);
                }
                else
                    await tx.ExecuteAsync($"UPDATE communication.requested_message SET not_before = @RetryAt, reason = @Error {Claimed}", args);
            }
            await tx.CommitAsync(CancellationToken.None);
        }
        return true;
    }

    private sealed class Row
    {
        public Guid Id { get; init; }
        public Guid DebtorId { get; init; }
        public string Kind { get; init; } = "";
        public string Channel { get; init; } = "";
        public string Recipient { get; init; } = "";
        public string? Subject { get; init; }
        public string? Body { get; init; }
        public string? AttachmentName { get; init; }
        public byte[]? Attachment { get; init; }
        public int Attempts { get; init; }
        public DateTimeOffset ExpiresAt { get; init; }
    }
}
