using System.Text.Json;
using Dapper;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Recovery.BuildingBlocks.Data;
using Recovery.BuildingBlocks.Observability;

namespace Recovery.BuildingBlocks.Messaging;

public sealed class MessagingOptions
{
    /// <summary>Turn dispatch off to keep events in the outboxes (tests of crash recovery; a read-only instance).</summary>
    public bool DispatchEnabled { get; set; } = true;

    /// <summary>How often the outboxes are polled when nothing signals new events (other instances, recovery).</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);

    public int BatchSize { get; set; } = 1000;

    /// <summary>
    /// How many events one transaction applies for the subscribers of one schema. Larger groups commit less often but
    /// hold that schema's write lock longer against its own requests.
    /// </summary>
    public int SubscriberBatchSize { get; set; } = 200;

    /// <summary>
    /// Jobs (by name, as <c>GET /api/v1/admin/jobs</c> lists them) this instance never starts on its own schedule, e.g. to
    /// keep heavy work off the instances that serve people; they still run here when an administrator starts one.
    /// </summary>
    public string[] UnscheduledJobs { get; set; } = [];

    /// <summary>How long dispatched outbox rows, inbox rows and expired idempotency records are kept.</summary>
    public TimeSpan Retention { get; set; } = TimeSpan.FromDays(7);
}

/// <summary>
/// Delivers every schema's outbox to the subscribers of each event. One instance per schema at a time (a lease);
/// a subscriber's effect and its inbox row commit together, so a redelivery after a crash changes nothing. Events reach
/// the subscribers of one schema in groups, one transaction per group, in outbox order (ADR 0029).
/// A failing event is retried with exponential backoff without holding up other events.
/// </summary>
public sealed class OutboxDispatcher(
    IServiceProvider services,
    Database database,
    IEnumerable<ModuleSchema> schemas,
    SubscriptionRegistry registry,
    Leases leases,
    OutboxSignal signal,
    TimeProvider clock,
    IOptions<MessagingOptions> options,
    ILogger<OutboxDispatcher> logger) : BackgroundService
{
    private static readonly TimeSpan LeaseDuration = TimeSpan.FromSeconds(30);
    private DateTimeOffset _lastCleanup = DateTimeOffset.MinValue;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.DispatchEnabled) return;
        await Task.Yield();
        while (!stoppingToken.IsCancellationRequested)
        {
            var busy = false;
            try
            {
                foreach (var schema in schemas)
                    busy |= await DispatchAsync(schema.Schema, stoppingToken);
                await CleanupIfDueAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested) { break; }
            catch (Exception ex)
            {
                logger.LogError(Redaction.Exception(ex), "Outbox dispatch failed; retrying");
            }
            if (!busy)
            {
                try { await signal.WaitAsync(options.Value.PollInterval, stoppingToken); }
                catch (OperationCanceledException) { break; }
            }
        }
    }

    /// <summary>Dispatches one batch of a schema's due events; true when it found any.</summary>
    public async Task<bool> DispatchAsync(string schema, CancellationToken ct)
    {
        if (!await leases.TryAcquireAsync(schema, "outbox-dispatch", LeaseDuration, ct)) return false;

        IReadOnlyList<OutboxRow> batch;
        var connection = await database.OpenAsync(schema, ct);
        try
        {
            batch = (await connection.QueryAsync<OutboxRow>(new CommandDefinition(
                database.Dialect.Limit(
                    $"SELECT seq, id, type, payload, occurred_at, attempts FROM {schema}.outbox_message WHERE dispatched_at IS NULL AND next_attempt_at <= @Now ORDER BY seq",
                    "@Limit"),
                new { Now = clock.GetUtcNow(), Limit = options.Value.BatchSize }, cancellationToken: ct))).ToList();
        }
        finally
        {
            database.Release(schema, connection);
        }

        var failed = await DeliverAsync(schema, batch, ct);
        foreach (var (row, error) in failed)
            await MarkFailedAsync(schema, row, error, ct);
        await MarkDeliveredAsync(schema, batch.Where(r => !failed.ContainsKey(r)).Select(r => r.Seq).ToList(), ct);
        return batch.Count > 0;
    }

    /// <summary>
    /// Delivers a batch schema by schema of the subscribers: each group of events, in outbox order, is applied by every
    /// subscriber of that schema in one transaction with their inbox rows. A group that fails is applied again one event at
    /// a time, so one failing event is retried alone and the others go through. Returns the events that failed.
    /// </summary>
    private async Task<Dictionary<OutboxRow, string>> DeliverAsync(string schema, IReadOnlyList<OutboxRow> batch, CancellationToken ct)
    {
        var failed = new Dictionary<OutboxRow, string>();
        var events = new Dictionary<long, object>();
        foreach (var target in batch.SelectMany(r => registry.For(r.Type)).Select(s => s.DbType).Distinct().ToList())
        {
            var rows = batch.Where(r => !failed.ContainsKey(r) && registry.For(r.Type).Any(s => s.DbType == target)).ToList();
            foreach (var group in rows.Chunk(Math.Max(1, options.Value.SubscriberBatchSize)))
            {
                try
                {
                    await ApplyAsync(schema, target, group, events, ct);
                }
                catch (Exception) when (!ct.IsCancellationRequested && group.Length > 1)
                {
                    foreach (var row in group)
                    {
                        try { await ApplyAsync(schema, target, [row], events, ct); }
                        catch (Exception ex) when (!ct.IsCancellationRequested) { failed[row] = Failure(schema, row, ex); }
                    }
                }
                catch (Exception ex) when (!ct.IsCancellationRequested)
                {
                    failed[group[0]] = Failure(schema, group[0], ex);
                }
            }
        }
        return failed;
    }

    private string Failure(string schema, OutboxRow row, Exception ex)
    {
        logger.LogWarning(Redaction.Exception(ex), "Delivering event {EventId} ({Type}) from {Schema} failed (attempt {Attempt})",
            row.Id, row.Type, schema, row.Attempts + 1);
        return ex.GetType().Name + ": " + ex.Message;
    }

    private async Task ApplyAsync(string schema, Type target, IReadOnlyList<OutboxRow> rows, Dictionary<long, object> events, CancellationToken ct)
    {
        await using var scope = services.CreateAsyncScope();
        var uow = scope.ServiceProvider.GetRequiredService<UnitOfWork>();
        await using var work = uow.Begin();
        var db = (ModuleDb)scope.ServiceProvider.GetRequiredService(target);
        foreach (var row in rows)
        {
            var envelope = new EventEnvelope(row.Id, schema, row.OccurredAt);
            foreach (var subscription in registry.For(row.Type))
            {
                if (subscription.DbType != target) continue;
                if (!events.TryGetValue(row.Seq, out var @event))
                    events[row.Seq] = @event = JsonSerializer.Deserialize(row.Payload, subscription.EventType, EventTypes.Json)
                                               ?? throw new InvalidOperationException($"Event {row.Id} has an empty payload.");
                var tx = await db.BeginAsync(ct);
                var first = await tx.ExecuteAsync(
                    db.Dialect.InsertIgnore($"{db.Schema}.inbox_message", "event_id, subscriber, processed_at",
                        "@EventId, @Subscriber, @Now", "event_id, subscriber"),
                    new { EventId = row.Id, Subscriber = subscription.SubscriberName, Now = clock.GetUtcNow() });
                if (first == 0) continue;  // delivered before: the inbox says so
                await subscription.Invoke(scope.ServiceProvider, @event, envelope, ct);
            }
        }
        await work.CommitAsync(ct);
    }

    /// <summary>One statement per batch: a write per event would fight the modules' own writers for SQLite's lock.</summary>
    private async Task MarkDeliveredAsync(string schema, List<long> seqs, CancellationToken ct)
    {
        if (seqs.Count == 0) return;
        foreach (var chunk in seqs.Chunk(500))
            await database.WriteAsync(schema,
                $"UPDATE {schema}.outbox_message SET dispatched_at = @Now, attempts = attempts + 1, last_error = NULL WHERE seq IN @Seqs",
                new { Now = clock.GetUtcNow(), Seqs = chunk }, ct);
    }

    private async Task MarkFailedAsync(string schema, OutboxRow row, string error, CancellationToken ct)
    {
        // 2, 4, 8 ... seconds, at most an hour between attempts.
        var delay = TimeSpan.FromSeconds(Math.Min(3600, Math.Pow(2, Math.Min(row.Attempts + 1, 12))));
        await database.WriteAsync(schema,
            $"UPDATE {schema}.outbox_message SET attempts = attempts + 1, next_attempt_at = @Next, last_error = @Error WHERE seq = @Seq",
            new { Next = clock.GetUtcNow() + delay, Error = error.Length > 2000 ? error[..2000] : error, row.Seq }, ct);
    }

    private async Task CleanupIfDueAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        if (now - _lastCleanup < TimeSpan.FromHours(1)) return;
        _lastCleanup = now;
        var before = now - options.Value.Retention;
        foreach (var schema in schemas.Select(s => s.Schema))
        {
            if (!await leases.TryAcquireAsync(schema, "outbox-cleanup", TimeSpan.FromMinutes(5), ct)) continue;
            await database.WriteAsync(schema,
                $"""
                DELETE FROM {schema}.outbox_message WHERE dispatched_at IS NOT NULL AND dispatched_at < @Before;
                DELETE FROM {schema}.inbox_message WHERE processed_at < @InboxBefore;
                DELETE FROM {schema}.idempotency_request WHERE expires_at < @Now;
                """, new { Before = before, InboxBefore = now - 4 * options.Value.Retention, Now = now }, ct);
        }
    }

    private sealed class OutboxRow
    {
        public long Seq { get; init; }
        public Guid Id { get; init; }
        public string Type { get; init; } = "";
        public string Payload { get; init; } = "";
        public DateTimeOffset OccurredAt { get; init; }
        public int Attempts { get; init; }
    }
}
