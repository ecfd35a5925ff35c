using System.Diagnostics;
using Microsoft.Data.Sqlite;

namespace Recovery.Bench;

/// <summary>
/// How long after the last accepted push every module has applied every event: the outboxes of all schemas (each a
/// file in the data directory) are read until none holds an undelivered event, twice in a row (a subscriber's own events
/// land in its outbox before the one it handled is marked).
/// </summary>
internal static class Propagation
{
    public sealed record Result(double Seconds, IReadOnlyDictionary<string, double> DrainedAfter, long PendingAtStart);

    public static async Task<Result> CatchUpAsync(string dataDir, TimeSpan? limit = null)
    {
        var clock = Stopwatch.StartNew();
        var drained = new Dictionary<string, double>();
        long atStart = -1;
        var quiet = 0;
        while (clock.Elapsed < (limit ?? TimeSpan.FromMinutes(30)))
        {
            long total = 0;
            foreach (var file in Directory.GetFiles(dataDir, "*.db"))
            {
                var schema = Path.GetFileNameWithoutExtension(file);
                var pending = Pending(file);
                total += pending;
                if (pending == 0) drained.TryAdd(schema, clock.Elapsed.TotalSeconds);
                else drained.Remove(schema);
            }
            if (atStart < 0) atStart = total;
            quiet = total == 0 ? quiet + 1 : 0;
            if (quiet == 2) return new Result(clock.Elapsed.TotalSeconds, drained, atStart);
            await Task.Delay(100);
        }
        throw new TimeoutException($"The outboxes still held events after {clock.Elapsed}.");
    }

    private static long Pending(string file)
    {
        using var connection = new SqliteConnection($"Data Source={file};Mode=ReadOnly;Pooling=False");
        connection.Open();
        using var cmd = connection.CreateCommand();
        cmd.CommandText = "SELECT COUNT(*) FROM sqlite_master WHERE name = 'outbox_message'";
        if ((long)cmd.ExecuteScalar()! == 0) return 0;
        cmd.CommandText = "SELECT COUNT(*) FROM outbox_message WHERE dispatched_at IS NULL";
        return (long)cmd.ExecuteScalar()!;
    }

    /// <summary>The lag against the ingest's own duration (target ≤ 0.10), and when each schema's outbox emptied.</summary>
    public static void Print(Result result, double ingestSeconds, int invoices)
    {
        Console.WriteLine();
        Console.WriteLine($"## propagation after {invoices:N0} invoices ({result.PendingAtStart:N0} events waiting at the last push)");
        Console.WriteLine("| schema | outbox empty after s |");
        Console.WriteLine("|---|---|");
        foreach (var (schema, seconds) in result.DrainedAfter.OrderBy(d => d.Value))
            Console.WriteLine($"| {schema} | {seconds:F1} |");
        Report.Line("propagation", result.Seconds, ingestSeconds, "s after the last push / s of ingest", new Dictionary<string, object>
        {
            ["invoices"] = invoices, ["pendingAtLastPush"] = result.PendingAtStart,
        });
    }
}
