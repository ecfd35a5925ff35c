using System.Diagnostics;
using System.Net.Http.Json;
using Microsoft.Data.Sqlite;

namespace Recovery.Bench;

/// <summary>
/// Reports over the ingest data set: the aging report through HTTP (an administrator's session, JSON), against the
/// same GROUP BY run straight on the Reporting database.
/// </summary>
internal static class ReportsScenario
{
    private const string Direct = """
        SELECT bucket, COUNT(*), SUM(outstanding_cents) FROM (
          SELECT CASE WHEN due_date >= $d30 THEN 0 WHEN due_date >= $d60 THEN 1 WHEN due_date >= $d90 THEN 2
                      WHEN due_date >= $d180 THEN 3 WHEN due_date >= $d360 THEN 4 ELSE 5 END AS bucket, outstanding_cents
            FROM reporting.debt WHERE status = 'open' AND due_date < $asOf
        ) aged GROUP BY bucket
        """;

    public static async Task RunAsync(int? size)
    {
        var total = size ?? 1_000_000;
        var debtors = Math.Max(1, total * 3 / 10);
        var dir = IngestScenario.TempDir();
        try
        {
            LoadResult ours;
            await using (var api = await ServerProcess.StartApiAsync(dir, IngestScenario.Admin))
            {
                await IngestScenario.LoadAsync(api.BaseUrl, total, debtors);
                var caught = await ModuleFile.WaitForAsync(dir, "reporting", "debt", total);
                Console.WriteLine($"  Reporting knew all {total:N0} debts {caught:F0} s after the last push");
                using var auditor = Load.Client(1, new CookieContainerHolder());
                auditor.Timeout = TimeSpan.FromMinutes(5);
                (await auditor.PostAsJsonAsync(api.BaseUrl + "/api/v1/auth/login", new { email = "admin@bench.local", password = "Bench-Password-2026" })).EnsureSuccessStatusCode();
                auditor.DefaultRequestHeaders.Add("X-Requested-With", "bench");
                ours = await Load.RunAsync("API aging report (JSON)", auditor, () => new HttpRequestMessage(HttpMethod.Get, api.BaseUrl + "/api/v1/reports/aging"), 30, 1);
            }
            var floor = DirectAging(dir, 30);
            Report.Table($"aging over {total:N0} debts", [ours, floor]);
            Report.Line("aging", ours.P50Ms, floor.P50Ms, "ms p50", new Dictionary<string, object> { ["p99Ms"] = Math.Round(ours.P99Ms, 1), ["invoices"] = total });
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            try { Directory.Delete(dir, true); } catch (IOException) { }
        }
    }

    private static LoadResult DirectAging(string dir, int count)
    {
        using var connection = ModuleFile.Open(dir, "reporting");
        using var cmd = connection.CreateCommand();
        cmd.CommandText = Direct;
        var asOf = DateOnly.FromDateTime(DateTime.UtcNow.AddHours(-3));
        foreach (var (name, days) in new[] { ("$d30", 30), ("$d60", 60), ("$d90", 90), ("$d180", 180), ("$d360", 360), ("$asOf", 0) })
            cmd.Parameters.AddWithValue(name, asOf.AddDays(-days).ToString("yyyy-MM-dd"));
        var latencies = new long[count];
        var clock = Stopwatch.StartNew();
        using (var warm = cmd.ExecuteReader()) while (warm.Read()) { }
        for (var i = 0; i < count; i++)
        {
            var start = Stopwatch.GetTimestamp();
            using (var reader = cmd.ExecuteReader()) while (reader.Read()) { }
            latencies[i] = Stopwatch.GetTimestamp() - start;
        }
        var seconds = clock.Elapsed.TotalSeconds;
        Array.Sort(latencies);
        double Ms(double q) => latencies[(int)(q * (latencies.Length - 1))] * 1000.0 / Stopwatch.Frequency;
        return new LoadResult("direct GROUP BY on reporting.debt", count, 1, seconds, Ms(0.5), Ms(0.99), 0);
    }
}
