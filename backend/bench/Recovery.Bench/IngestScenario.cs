using System.Diagnostics;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Data.Sqlite;

namespace Recovery.Bench;

/// <summary>
/// Partner ingestion: invoices for 30% as many distinct debtors, pushed through POST /api/v1/partner/invoices/batch in
/// batches of 1000 with Idempotency-Keys over loopback HTTP into a fresh data directory; against it, a direct insert of
/// the same rows into the same schema with Microsoft.Data.Sqlite (one transaction and prepared commands per 1000).
/// </summary>
internal static class IngestScenario
{
    internal const int BatchSize = 1000;

    public static async Task RunAsync(int? size)
    {
        var total = size ?? 1_000_000;
        var debtors = Math.Max(1, total * 3 / 10);
        var oursDir = TempDir();
        var floorDir = TempDir();
        try
        {
            double oursSeconds, peakMb;
            Propagation.Result catchUp;
            LoadResult search;
            int rejected = 0;
            await using (var api = await ServerProcess.StartApiAsync(oursDir, Admin))
            {
                var key = await PartnerKeyAsync(api.BaseUrl);
                using var client = Load.Client(4);
                client.DefaultRequestHeaders.Add("X-Api-Key", key);
                client.Timeout = TimeSpan.FromMinutes(5);
                var clock = Stopwatch.StartNew();
                rejected = await PushAllAsync(client, api.BaseUrl, total, debtors, clock);
                oursSeconds = clock.Elapsed.TotalSeconds;
                peakMb = api.PeakMemoryMb();
                catchUp = await Propagation.CatchUpAsync(oursDir);
                search = await SearchAsync(api.BaseUrl, debtors);
            }
            var searchFloor = DirectSearch(Path.Combine(oursDir, "debtors.db"), debtors);

            // The floor: the same schema (migrated by a short start of the API), the same rows, straight into SQLite.
            await using (await ServerProcess.StartApiAsync(floorDir, Admin)) { }
            var floorSeconds = DirectInsert(Path.Combine(floorDir, "debtors.db"), total, debtors);

            var ours = total / oursSeconds;
            var floor = total / floorSeconds;
            Console.WriteLine();
            Console.WriteLine($"## ingest: {total:N0} invoices for {debtors:N0} debtors, batches of {BatchSize}");
            Console.WriteLine("| path | seconds | invoices/s | server peak MB | rejected |");
            Console.WriteLine("|---|---|---|---|---|");
            Console.WriteLine($"| API batch push (HTTP, idempotent) | {oursSeconds:F1} | {ours:F0} | {peakMb:F0} | {rejected} |");
            Console.WriteLine($"| direct Microsoft.Data.Sqlite insert | {floorSeconds:F1} | {floor:F0} | - | - |");
            Report.Line("ingest", ours, floor, "invoices/s", new Dictionary<string, object>
            {
                ["invoices"] = total, ["debtors"] = debtors, ["serverPeakMb"] = Math.Round(peakMb), ["rejected"] = rejected,
            });
            Propagation.Print(catchUp, oursSeconds, total);
            Report.Table($"search by CPF with {total:N0} invoices loaded (GET /api/v1/debtors?query=, agent session)", [search, searchFloor]);
            Report.Line("search", search.P99Ms, searchFloor.P99Ms, "ms p99", new Dictionary<string, object>
            {
                ["p50Ms"] = Math.Round(search.P50Ms, 3), ["requestsPerSecond"] = Math.Round(search.PerSecond),
            });
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            foreach (var dir in new[] { oursDir, floorDir })
                try { Directory.Delete(dir, true); } catch (IOException) { }
        }
    }

    /// <summary>A partner pushes the whole data set through the API: what the other scenarios start from. Returns its key.</summary>
    internal static async Task<string> LoadAsync(string baseUrl, int total, int debtors)
    {
        var key = await PartnerKeyAsync(baseUrl);
        using var partner = Load.Client(4);
        partner.DefaultRequestHeaders.Add("X-Api-Key", key);
        partner.Timeout = TimeSpan.FromMinutes(5);
        await PushAllAsync(partner, baseUrl, total, debtors, Stopwatch.StartNew());
        return key;
    }

    /// <summary>Pushes the data set in batches of 1000 with two in flight; returns how many items were rejected.</summary>
    internal static async Task<int> PushAllAsync(HttpClient client, string baseUrl, int total, int debtors, Stopwatch clock)
    {
        var rejected = 0;
        var batches = (total + BatchSize - 1) / BatchSize;
        var next = -1;
        // Two batches in flight: the server always has the next one ready while it commits the last.
        await Task.WhenAll(Enumerable.Range(0, 2).Select(async _ =>
        {
            int b;
            while ((b = Interlocked.Increment(ref next)) < batches)
            {
                var body = BatchJson(b, total, debtors);
                using var request = new HttpRequestMessage(HttpMethod.Post, baseUrl + "/api/v1/partner/invoices/batch")
                {
                    Content = new StringContent(body, Encoding.UTF8, "application/json"),
                };
                request.Headers.Add("Idempotency-Key", $"bench-{b}");
                using var response = await client.SendAsync(request);
                response.EnsureSuccessStatusCode();
                var result = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
                Interlocked.Add(ref rejected, result["rejected"]!.GetValue<int>());
                if (b % 100 == 0 && b > 0) Console.Error.WriteLine($"  ingest: {b * BatchSize:N0} of {total:N0} ({(b * BatchSize) / clock.Elapsed.TotalSeconds:N0}/s)");
            }
        }));
        return rejected;
    }

    /// <summary>Agents look debtors up one at a time: one worker, random CPFs among those loaded.</summary>
    private static async Task<LoadResult> SearchAsync(string baseUrl, int debtors)
    {
        using var client = Load.Client(1, new CookieContainerHolder());
        await SecondFactor.SignInAdminAsync(client, baseUrl);
        var random = new Random(7);
        return await Load.RunAsync("API search by CPF", client,
            () => new HttpRequestMessage(HttpMethod.Get, $"{baseUrl}/api/v1/debtors?query={Cpf(random.Next(debtors))}"), 5_000, 1);
    }

    private static LoadResult DirectSearch(string file, int debtors) =>
        DirectByDocument("direct SQLite lookup by document", file, "SELECT id, name, document FROM debtor WHERE document = $doc", debtors, 5_000, 7);

    /// <summary>One reader on the schema's file runs <paramref name="sql"/> for random debtors' documents ($doc), one at a time.</summary>
    internal static LoadResult DirectByDocument(string target, string file, string sql, int debtors, int count, int seed)
    {
        using var connection = new SqliteConnection($"Data Source={file};Mode=ReadOnly");
        connection.Open();
        using var cmd = connection.CreateCommand();
        cmd.CommandText = sql;
        var doc = cmd.Parameters.Add("$doc", SqliteType.Text);
        var random = new Random(seed);
        var latencies = new long[count];
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < latencies.Length; i++)
        {
            var start = Stopwatch.GetTimestamp();
            doc.Value = Cpf(random.Next(debtors));
            using (var reader = cmd.ExecuteReader()) while (reader.Read()) { }
            latencies[i] = Stopwatch.GetTimestamp() - start;
        }
        var seconds = clock.Elapsed.TotalSeconds;
        Array.Sort(latencies);
        double Ms(double q) => latencies[(int)(q * (latencies.Length - 1))] * 1000.0 / Stopwatch.Frequency;
        return new LoadResult(target, latencies.Length, 1, seconds, Ms(0.5), Ms(0.99), 0);
    }

    internal static readonly Dictionary<string, string> Admin = new()
    {
        ["RECOVERY_ADMIN_EMAIL"] = "admin@bench.local",
        ["RECOVERY_ADMIN_PASSWORD"] = "Bench-Password-2026",
        ["Security__RateLimits__PartnerPermitsPerSecond"] = "1000000",
        ["Security__RateLimits__PartnerBurst"] = "1000000",
        ["Security__RateLimits__UserPermitsPerSecond"] = "1000000",
        ["Security__RateLimits__UserBurst"] = "1000000",
    };

    internal static string TempDir() => Path.Combine(Path.GetTempPath(), "recovery-bench-" + Guid.NewGuid().ToString("N"));

    internal static async Task<string> PartnerKeyAsync(string baseUrl)
    {
        using var admin = Load.Client(1, new CookieContainerHolder());
        await SecondFactor.SignInAdminAsync(admin, baseUrl);
        admin.DefaultRequestHeaders.Add("X-Requested-With", "bench");
        await SecondFactor.EnrolAsync(admin, baseUrl);
        var partner = await (await admin.PostAsJsonAsync(baseUrl + "/api/v1/admin/partners", new { name = "Bench", document = "11.222.333/0001-81" }))
            .Content.ReadFromJsonAsync<JsonObject>();
        return partner!["apiKey"]!.GetValue<string>();
    }

    /// <summary>Invoice i belongs to debtor i % debtors: a deterministic data set both paths share.</summary>
    internal static (string ExternalId, string Cpf, string Name, string Email, string Phone, long AmountCents, DateOnly Due) Row(int i, int debtors)
    {
        var d = i % debtors;
        return ($"INV-{i:D8}", Cpf(d), People.Name(d), $"devedor{d}@example.com", "+55" + People.PhoneDigits(d),
            1_000 + (i * 7919L) % 500_000, new DateOnly(2025, 1, 1).AddDays(i % 600));
    }

    internal static string BatchJson(int batch, int total, int debtors)
    {
        var sb = new StringBuilder(BatchSize * 300);
        sb.Append("{\"invoices\":[");
        var end = Math.Min(total, (batch + 1) * BatchSize);
        for (var i = batch * BatchSize; i < end; i++)
        {
            var r = Row(i, debtors);
            if (i > batch * BatchSize) sb.Append(',');
            sb.Append($$"""{"externalId":"{{r.ExternalId}}","portfolio":"varejo","debtor":{"document":"{{r.Cpf}}","name":"{{r.Name}}","emails":["{{r.Email}}"],"phones":["{{r.Phone}}"]},"amount":{{r.AmountCents / 100}}.{{r.AmountCents % 100:D2}},"dueDate":"{{r.Due:yyyy-MM-dd}}"}""");
        }
        sb.Append("]}");
        return sb.ToString();
    }

    private static double DirectInsert(string file, int total, int debtors)
    {
        using var connection = new SqliteConnection($"Data Source={file}");
        connection.Open();
        using (var pragma = connection.CreateCommand())
        {
            pragma.CommandText = "PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON;";
            pragma.ExecuteNonQuery();
        }
        var partner = Guid.NewGuid().ToString();
        var portfolio = Guid.NewGuid().ToString();
        var now = DateTime.UtcNow.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'");
        var clock = Stopwatch.StartNew();
        using (var cmd = connection.CreateCommand())
        {
            cmd.CommandText = "INSERT INTO portfolio (id, partner_id, code, name, fine_bp, monthly_interest_bp, correction_index, created_at) VALUES ($id, $p, 'varejo', 'varejo', 200, 100, 'IPCA', $now)";
            cmd.Parameters.AddWithValue("$id", portfolio);
            cmd.Parameters.AddWithValue("$p", partner);
            cmd.Parameters.AddWithValue("$now", now);
            cmd.ExecuteNonQuery();
        }
        var debtorIds = new string?[debtors];
        for (var start = 0; start < total; start += BatchSize)
        {
            using var tx = connection.BeginTransaction();
            using var debtor = Command(connection, tx, "INSERT INTO debtor (id, document, kind, name, created_at, updated_at) VALUES ($id, $doc, 'cpf', $name, $now, $now)", "$id", "$doc", "$name", "$now");
            using var contact = Command(connection, tx, "INSERT INTO contact (id, debtor_id, channel, value, source_partner_id, is_valid, created_at) VALUES ($id, $d, $ch, $v, $p, 1, $now)", "$id", "$d", "$ch", "$v", "$p", "$now");
            using var invoice = Command(connection, tx, """
                INSERT INTO invoice (id, partner_id, external_id, portfolio_id, debtor_id, status, amount_cents, outstanding_cents, credit_cents,
                    due_date, fine_bp, monthly_interest_bp, correction_index, is_consumer, content_hash, created_at, updated_at)
                VALUES ($id, $p, $ext, $pf, $d, 'open', $amt, $amt, 0, $due, 200, 100, 'IPCA', 1, $hash, $now, $now)
                """, "$id", "$p", "$ext", "$pf", "$d", "$amt", "$due", "$hash", "$now");
            // The search tokens the API writes in the same transaction (ADR 0020): the same work, the fastest way.
            using var token = Command(connection, tx, "INSERT OR IGNORE INTO search_token (kind, token, debtor_id) VALUES ($k, $t, $d)", "$k", "$t", "$d");
            for (var i = start; i < Math.Min(total, start + BatchSize); i++)
            {
                var r = Row(i, debtors);
                var d = i % debtors;
                if (debtorIds[d] is null)
                {
                    debtorIds[d] = Guid.CreateVersion7().ToString();
                    Run(debtor, debtorIds[d]!, r.Cpf, r.Name, now);
                    Run(contact, Guid.CreateVersion7().ToString(), debtorIds[d]!, "email", r.Email, partner, now);
                    Run(contact, Guid.CreateVersion7().ToString(), debtorIds[d]!, "phone", r.Phone, partner, now);
                    foreach (var word in People.Plain(r.Name).Split(' ')) Run(token, "name", word, debtorIds[d]!);
                    Run(token, "document", r.Cpf, debtorIds[d]!);
                    Run(token, "email", r.Email, debtorIds[d]!);
                    foreach (var phone in new[] { r.Phone[1..], r.Phone[3..], r.Phone[5..] }) Run(token, "phone", phone, debtorIds[d]!);
                }
                Run(token, "contract", r.ExternalId.ToLowerInvariant(), debtorIds[d]!);
                Run(token, "contract", r.ExternalId.ToLowerInvariant().Replace("-", ""), debtorIds[d]!);
                Run(invoice, Guid.CreateVersion7().ToString(), partner, r.ExternalId, portfolio, debtorIds[d]!, r.AmountCents,
                    r.Due.ToString("yyyy-MM-dd"), "0000000000000000000000000000000000000000000000000000000000000000", now);
            }
            tx.Commit();
        }
        return clock.Elapsed.TotalSeconds;
    }

    private static SqliteCommand Command(SqliteConnection c, SqliteTransaction tx, string sql, params string[] names)
    {
        var cmd = c.CreateCommand();
        cmd.Transaction = tx;
        cmd.CommandText = sql;
        foreach (var n in names) cmd.Parameters.Add(new SqliteParameter { ParameterName = n });
        cmd.Prepare();
        return cmd;
    }

    private static void Run(SqliteCommand cmd, params object[] values)
    {
        for (var i = 0; i < values.Length; i++) cmd.Parameters[i].Value = values[i];
        cmd.ExecuteNonQuery();
    }

    /// <summary>A valid CPF derived from a number.</summary>
    internal static string Cpf(int n)
    {
        var d = new int[11];
        var s = (100_000_000 + n).ToString("D9");
        for (var i = 0; i < 9; i++) d[i] = s[i] - '0';
        d[9] = Check(d, 9, 10);
        d[10] = Check(d, 10, 11);
        return string.Concat(d);

        static int Check(int[] digits, int count, int weight)
        {
            var sum = 0;
            for (var i = 0; i < count; i++) sum += digits[i] * (weight - i);
            var r = sum % 11;
            return r < 2 ? 0 : 11 - r;
        }
    }
}
