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
            Export export;
            await using (var api = await ServerProcess.StartApiAsync(dir, IngestScenario.Admin))
            {
                await IngestScenario.LoadAsync(api.BaseUrl, total, debtors);
                var caught = await ModuleFile.WaitForAsync(dir, "reporting", "debt", total);
                Console.WriteLine($"  Reporting knew all {total:N0} debts {caught:F0} s after the last push");
                using var auditor = await SignInAsync(api.BaseUrl);
                ours = await Load.RunAsync("API aging report (JSON)", auditor, () => new HttpRequestMessage(HttpMethod.Get, api.BaseUrl + "/api/v1/reports/aging"), 30, 1);
            }
            // The export on a server freshly started on the same data, so that what the ingest left in its heap does not
            // hide what the export itself takes.
            await using (var api = await ServerProcess.StartApiAsync(dir, IngestScenario.Admin))
            {
                using var auditor = await SignInAsync(api.BaseUrl);
                (await auditor.GetAsync(api.BaseUrl + "/api/v1/reports/aging")).EnsureSuccessStatusCode();
                export = await ExportAsync(auditor, api.BaseUrl, api.Pid);
            }
            var floor = DirectAging(dir, 30);
            Report.Table($"aging over {total:N0} debts", [ours, floor]);
            Report.Line("aging", ours.P50Ms, floor.P50Ms, "ms p50", new Dictionary<string, object> { ["p99Ms"] = Math.Round(ours.P99Ms, 1), ["invoices"] = total });
            var direct = DirectExport(dir);
            Console.WriteLine($"  aged debts CSV through the API: {export.Rows:N0} rows, {export.Bytes / 1048576.0:F1} MB in {export.Seconds:F1} s; " +
                              $"server resident memory {export.Baseline.Total:F0} MB before, {export.Peak.Total:F0} MB at most (growth {export.Growth.Total:F0} MB: " +
                              $"{export.Growth.Anon:F0} MB its own, {export.Growth.File:F0} MB of files mapped in)");
            Console.WriteLine($"  the same rows read from SQLite and written as CSV directly: {direct.Rows:N0} rows in {direct.Seconds:F1} s");
            Report.Line("aging-export", export.Seconds * 1000, direct.Seconds * 1000, "ms", new Dictionary<string, object>
            {
                ["rows"] = export.Rows, ["serverMemoryGrowthMb"] = Math.Round(export.Growth.Total, 1),
                ["anonymousGrowthMb"] = Math.Round(export.Growth.Anon, 1), ["mappedFileGrowthMb"] = Math.Round(export.Growth.File, 1),
            });
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            try { Directory.Delete(dir, true); } catch (IOException) { }
        }
    }

    private static async Task<HttpClient> SignInAsync(string baseUrl)
    {
        var client = Load.Client(1, new CookieContainerHolder());
        client.Timeout = TimeSpan.FromMinutes(5);
        await SecondFactor.SignInAdminAsync(client, baseUrl);
        client.DefaultRequestHeaders.Add("X-Requested-With", "bench");
        return client;
    }

    private sealed record Export(long Rows, long Bytes, double Seconds, Resident Baseline, Resident Peak)
    {
        public Resident Growth => new(Peak.Anon - Baseline.Anon, Peak.File - Baseline.File);
    }

    /// <summary>Resident memory in MB: the process's own (anonymous) pages, and the files mapped in (SQLite's mmap).</summary>
    private sealed record Resident(double Anon, double File)
    {
        public double Total => Anon + File;
    }

    /// <summary>
    /// Streams the aged debts as CSV through the API, counting rows as they arrive, while the server's resident memory is
    /// sampled every 50 ms (the sample with the highest total is the peak), its own pages apart from the files mapped in.
    /// </summary>
    private static async Task<Export> ExportAsync(HttpClient client, string baseUrl, int pid)
    {
        GC.Collect();
        var baseline = ResidentMb(pid);
        var peak = baseline;
        using var sampling = new CancellationTokenSource();
        var sampler = Task.Run(async () =>
        {
            while (!sampling.IsCancellationRequested)
            {
                var now = ResidentMb(pid);
                if (now.Total > peak.Total) peak = now;
                try { await Task.Delay(50, sampling.Token); } catch (OperationCanceledException) { }
            }
        });
        var clock = Stopwatch.StartNew();
        using var request = new HttpRequestMessage(HttpMethod.Get, baseUrl + "/api/v1/reports/aging/debts");
        request.Headers.Accept.ParseAdd("text/csv");
        using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        response.EnsureSuccessStatusCode();
        await using var body = await response.Content.ReadAsStreamAsync();
        var buffer = new byte[1 << 16];
        long rows = 0, bytes = 0;
        int read;
        while ((read = await body.ReadAsync(buffer)) > 0)
        {
            bytes += read;
            for (var i = 0; i < read; i++) if (buffer[i] == (byte)'\n') rows++;
        }
        var seconds = clock.Elapsed.TotalSeconds;
        await sampling.CancelAsync();
        await sampler;
        return new Export(rows - 1, bytes, seconds, baseline, peak);
    }

    private static Resident ResidentMb(int pid)
    {
        var kb = File.ReadLines($"/proc/{pid}/status").Select(l => l.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries))
            .Where(f => f.Length >= 2 && f[0] is "RssAnon:" or "RssFile:").ToDictionary(f => f[0], f => long.Parse(f[1]));
        return new Resident(kb.GetValueOrDefault("RssAnon:") / 1024.0, kb.GetValueOrDefault("RssFile:") / 1024.0);
    }

    /// <summary>The floor of the export: the same rows read straight from the file and written as CSV to nowhere.</summary>
    private static (long Rows, double Seconds) DirectExport(string dir)
    {
        using var connection = ModuleFile.Open(dir, "reporting");
        using var cmd = connection.CreateCommand();
        cmd.CommandText = """
            SELECT invoice_id, external_id, partner_id, portfolio_code, debtor_id, due_date, outstanding_cents FROM reporting.debt
             WHERE status = 'open' AND due_date < $asOf ORDER BY due_date, invoice_id
            """;
        cmd.Parameters.AddWithValue("$asOf", DateOnly.FromDateTime(DateTime.UtcNow.AddHours(-3)).ToString("yyyy-MM-dd"));
        var clock = Stopwatch.StartNew();
        using var writer = new StreamWriter(Stream.Null);
        long rows = 0;
        using (var reader = cmd.ExecuteReader())
            while (reader.Read())
            {
                writer.Write(reader.GetString(0)); writer.Write(','); writer.Write(reader.GetString(1)); writer.Write(',');
                writer.Write(reader.GetString(2)); writer.Write(','); writer.Write(reader.IsDBNull(3) ? "" : reader.GetString(3)); writer.Write(',');
                writer.Write(reader.GetString(4)); writer.Write(','); writer.Write(reader.GetString(5)); writer.Write(',');
                writer.Write((reader.GetInt64(6) / 100m).ToString("0.00", System.Globalization.CultureInfo.InvariantCulture)); writer.WriteLine();
                rows++;
            }
        return (rows, clock.Elapsed.TotalSeconds);
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
