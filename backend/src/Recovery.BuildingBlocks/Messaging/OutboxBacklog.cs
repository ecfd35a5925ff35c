using System.Diagnostics;
using System.Diagnostics.Metrics;
using Dapper;
using Microsoft.Extensions.Logging;
using Recovery.BuildingBlocks.Data;
using Recovery.BuildingBlocks.Observability;

namespace Recovery.BuildingBlocks.Messaging;

/// <summary>
/// What the outboxes still hold: the events not yet delivered to all of their subscribers, read from the outbox tables
/// themselves (an event is marked dispatched once every subscriber has taken it). It feeds two gauges per subscriber
/// (<c>recovery.outbox.pending</c> and <c>recovery.outbox.oldest_pending.age</c>) and the readiness check's dispatch lag.
/// </summary>
public sealed class OutboxBacklog
{
    /// <summary>How long one reading serves the gauges: both gauges of one scrape read the tables once.</summary>
    private static readonly TimeSpan Fresh = TimeSpan.FromSeconds(1);

    private readonly Database _database;
    private readonly IEnumerable<ModuleSchema> _schemas;
    private readonly SubscriptionRegistry _registry;
    private readonly TimeProvider _clock;
    private readonly ILogger<OutboxBacklog> _logger;
    private readonly Lock _gate = new();
    private IReadOnlyList<SubscriberBacklog> _snapshot = [];
    private long _readAt;

    public OutboxBacklog(Database database, IEnumerable<ModuleSchema> schemas, SubscriptionRegistry registry, TimeProvider clock,
        IMeterFactory meters, ILogger<OutboxBacklog> logger)
    {
        _database = database;
        _schemas = schemas;
        _registry = registry;
        _clock = clock;
        _logger = logger;
        var meter = meters.Create(RecoveryMetrics.Name);
        meter.CreateObservableGauge("recovery.outbox.pending",
            () => Snapshot().Select(s => new Measurement<long>(s.Count, Tag(s))), "{event}",
            "Events not yet delivered to a subscriber.");
        meter.CreateObservableGauge("recovery.outbox.oldest_pending.age",
            () => Snapshot().Select(s => new Measurement<double>(s.OldestAgeSeconds, Tag(s))), "s",
            "Age of the oldest event a subscriber has not yet taken (0 when none waits).");
    }

    /// <summary>Undelivered events of one type in one schema's outbox, and when the oldest of them happened.</summary>
    public sealed record Pending(string Schema, string Type, long Count, DateTimeOffset OldestAt);

    public sealed record SubscriberBacklog(string Subscriber, long Count, double OldestAgeSeconds);

    public async Task<IReadOnlyList<Pending>> ReadAsync(CancellationToken ct)
    {
        var pending = new List<Pending>();
        foreach (var schema in _schemas.Select(s => s.Schema))
        {
            var connection = await _database.OpenAsync(schema, ct);
            try
            {
                var rows = await connection.QueryAsync<Row>(new CommandDefinition(
                    $"SELECT type, COUNT(*) AS pending, MIN(occurred_at) AS oldest_at FROM {schema}.outbox_message WHERE dispatched_at IS NULL GROUP BY type",
                    cancellationToken: ct));
                pending.AddRange(rows.Select(r => new Pending(schema, r.Type, r.Pending, r.OldestAt)));
            }
            finally
            {
                _database.Release(schema, connection);
            }
        }
        return pending;
    }

    /// <summary>Every known subscriber, with what awaits it (zero when nothing does, so that its series exists).</summary>
    public IReadOnlyList<SubscriberBacklog> BySubscriber(IReadOnlyList<Pending> pending)
    {
        var now = _clock.GetUtcNow();
        var result = _registry.SubscriberNames().ToDictionary(n => n, n => new SubscriberBacklog(n, 0, 0));
        foreach (var p in pending)
        foreach (var subscriber in _registry.SubscribersOf(p.Type))
        {
            var known = result.GetValueOrDefault(subscriber) ?? new SubscriberBacklog(subscriber, 0, 0);
            result[subscriber] = new SubscriberBacklog(subscriber, known.Count + p.Count,
                Math.Max(known.OldestAgeSeconds, Math.Max(0, (now - p.OldestAt).TotalSeconds)));
        }
        return result.Values.OrderBy(s => s.Subscriber, StringComparer.Ordinal).ToList();
    }

    /// <summary>The backlog for the gauges, read at most once a second; a failed reading is logged and reports nothing.</summary>
    private IReadOnlyList<SubscriberBacklog> Snapshot()
    {
        lock (_gate)
        {
            if (_readAt != 0 && Stopwatch.GetElapsedTime(_readAt) < Fresh) return _snapshot;
            try
            {
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
                // Gauges are read synchronously by the metrics pipeline; the host has no synchronisation context.
                _snapshot = BySubscriber(ReadAsync(timeout.Token).GetAwaiter().GetResult());
            }
            catch (Exception ex)
            {
                _logger.LogWarning(Redaction.Exception(ex), "Reading the outbox backlog for the gauges failed");
                _snapshot = [];
            }
            _readAt = Stopwatch.GetTimestamp();
            return _snapshot;
        }
    }

    private static KeyValuePair<string, object?> Tag(SubscriberBacklog s) => new("recovery.subscriber", s.Subscriber);

    private sealed class Row
    {
        public string Type { get; init; } = "";
        public long Pending { get; init; }
        public DateTimeOffset OldestAt { get; init; }
    }
}
