using System.Collections.Concurrent;
using Dapper;
using Microsoft.Extensions.Options;
using Recovery.BuildingBlocks.Data;

namespace Recovery.BuildingBlocks.Messaging;

/// <summary>
/// Time-limited leases in a schema's <c>lease</c> table, so that a background job runs on one instance at a time.
/// A holder renews its lease once half of it has run out; a crashed holder's lease simply expires.
/// </summary>
public sealed class Leases(Database database, TimeProvider clock, IOptions<MessagingOptions> options)
{
    /// <summary>Whether this instance runs the job on its schedule (<see cref="MessagingOptions.UnscheduledJobs"/>).</summary>
    public bool Schedules(string name) => !options.Value.UnscheduledJobs.Contains(name, StringComparer.Ordinal);

    public static readonly string InstanceId = $"{Environment.MachineName}:{Environment.ProcessId}:{Guid.NewGuid():N}";

    private readonly ConcurrentDictionary<(string Schema, string Name), DateTimeOffset> _held = new();

    public async Task<bool> TryAcquireAsync(string schema, string name, TimeSpan duration, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        if (_held.TryGetValue((schema, name), out var until) && until - now > duration / 2) return true;

        var args = new { Name = name, Holder = InstanceId, Now = now, Until = now + duration };
        using var gate = await database.LockWritesAsync(schema, ct);
        var connection = await database.OpenAsync(schema, ct);
        try
        {
            var taken = await connection.ExecuteAsync(new CommandDefinition(
                $"UPDATE {schema}.lease SET holder = @Holder, expires_at = @Until WHERE name = @Name AND (holder = @Holder OR expires_at < @Now)",
                args, cancellationToken: ct));
            if (taken == 0)
                taken = await connection.ExecuteAsync(new CommandDefinition(
                    database.Dialect.InsertIgnore($"{schema}.lease", "name, holder, expires_at", "@Name, @Holder, @Until", "name"),
                    args, cancellationToken: ct));
            if (taken == 1) _held[(schema, name)] = args.Until;
            else _held.TryRemove((schema, name), out _);
            return taken == 1;
        }
        finally
        {
            database.Release(schema, connection);
        }
    }
}
