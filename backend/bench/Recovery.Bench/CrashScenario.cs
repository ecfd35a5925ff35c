using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Data.Sqlite;

namespace Recovery.Bench;

/// <summary>
/// <c>make bench SCENARIO=ingest-kill</c>: the partner pushes the data set; when half of the batches have been answered
/// the server is killed (SIGKILL, no shutdown) while two more are in flight, started again on the same files, and the
/// partner sends every batch again with the same Idempotency-Keys, as a partner whose requests failed would. Once every
/// outbox is empty the files are counted: every invoice once, each module's copy of each debt once, the amounts equal to
/// the data set's, the audit chain valid. A mismatch fails the run (exit code 1).
/// </summary>
internal static class CrashScenario
{
    public static async Task RunAsync(int? size)
    {
        var total = size ?? 100_000;
        var debtors = Math.Max(1, total * 3 / 10);
        var batches = (total + IngestScenario.BatchSize - 1) / IngestScenario.BatchSize;
        var dir = IngestScenario.TempDir();
        try
        {
            string key;
            var answered = 0;
            var inFlightRetries = 0;
            var clock = Stopwatch.StartNew();
            await using (var api = await ServerProcess.StartApiAsync(dir, IngestScenario.Admin))
            {
                key = await IngestScenario.PartnerKeyAsync(api.BaseUrl);
                using var partner = Partner(key);
                var next = -1;
                var killed = new TaskCompletionSource();
                var pushers = Enumerable.Range(0, 2).Select(async _ =>
                {
                    int b;
                    while (!killed.Task.IsCompleted && (b = Interlocked.Increment(ref next)) < batches)
                    {
                        try
                        {
                            using var response = await PushAsync(partner, api.BaseUrl, b, total, debtors);
                            if (response.IsSuccessStatusCode && Interlocked.Increment(ref answered) >= batches / 2) killed.TrySetResult();
                        }
                        catch (HttpRequestException) { return; }   // the server died under this request
                        catch (TaskCanceledException) { return; }
                    }
                }).ToList();
                await Task.WhenAny(killed.Task, Task.WhenAll(pushers));
                // Two requests are in flight now: SIGKILL, nothing flushed, no graceful stop.
            }
            Console.Error.WriteLine($"  ingest-kill: killed after {answered} of {batches} batches answered; restarting");

            await using (var api = await ServerProcess.StartApiAsync(dir, IngestScenario.Admin))
            {
                using var partner = Partner(key);
                var next = -1;
                await Task.WhenAll(Enumerable.Range(0, 2).Select(async _ =>
                {
                    int b;
                    while ((b = Interlocked.Increment(ref next)) < batches)
                    {
                        // A key whose request died with the server stays in flight until its lock lapses (409, Retry-After):
                        // the partner waits as the contract says and sends it again.
                        while (true)
                        {
                            using var response = await PushAsync(partner, api.BaseUrl, b, total, debtors);
                            if (response.StatusCode != HttpStatusCode.Conflict) { response.EnsureSuccessStatusCode(); break; }
                            Interlocked.Increment(ref inFlightRetries);
                            await Task.Delay(response.Headers.RetryAfter?.Delta ?? TimeSpan.FromSeconds(1));
                        }
                    }
                }));
                await Propagation.CatchUpAsync(dir);
                var seconds = clock.Elapsed.TotalSeconds;
                var valid = await ChainValidAsync(api.BaseUrl);
                Console.Error.WriteLine($"  ingest-kill: {inFlightRetries} answers 409 (a key still in flight from before the kill) while resending");
                Print(Check(dir, total, debtors), valid, answered, batches, seconds);
            }
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            try { Directory.Delete(dir, true); } catch (IOException) { }
        }
    }

    private static HttpClient Partner(string key)
    {
        var client = Load.Client(4);
        client.DefaultRequestHeaders.Add("X-Api-Key", key);
        client.Timeout = TimeSpan.FromMinutes(5);
        return client;
    }

    private static Task<HttpResponseMessage> PushAsync(HttpClient client, string baseUrl, int batch, int total, int debtors)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, baseUrl + "/api/v1/partner/invoices/batch")
        {
            Content = new StringContent(IngestScenario.BatchJson(batch, total, debtors), Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("Idempotency-Key", $"bench-{batch}");
        return client.SendAsync(request);
    }

    /// <summary>What the files hold against what the data set (and, for events, the debtors' outbox) says they must.</summary>
    private static List<(string What, long Found, long Expected)> Check(string dir, int total, int debtors)
    {
        long cents = 0;
        for (var i = 0; i < total; i++) cents += IngestScenario.Row(i, debtors).AmountCents;
        long Scalar(string schema, string sql)
        {
            using var connection = new SqliteConnection($"Data Source={Path.Combine(dir, schema + ".db")};Mode=ReadOnly;Pooling=False");
            connection.Open();
            using var cmd = connection.CreateCommand();
            cmd.CommandText = sql;
            return Convert.ToInt64(cmd.ExecuteScalar() ?? 0L);
        }
        const string State = "'Recovery.Debtors.Contracts.DebtStateChanged'";
        var events = Scalar("debtors", $"SELECT COUNT(*) FROM outbox_message WHERE type = {State}");
        return
        [
            ("invoices", Scalar("debtors", "SELECT COUNT(*) FROM invoice"), total),
            ("distinct external ids", Scalar("debtors", "SELECT COUNT(DISTINCT external_id) FROM invoice"), total),
            ("debtors", Scalar("debtors", "SELECT COUNT(*) FROM debtor"), Math.Min(total, debtors)),
            ("invoice cents", Scalar("debtors", "SELECT COALESCE(SUM(amount_cents), 0) FROM invoice"), cents),
            ("communication: debts", Scalar("communication", "SELECT COUNT(*) FROM debt"), total),
            ("communication: cents", Scalar("communication", "SELECT COALESCE(SUM(amount_cents), 0) FROM debt"), cents),
            ("reporting: debts", Scalar("reporting", "SELECT COUNT(*) FROM debt"), total),
            ("reporting: cents", Scalar("reporting", "SELECT COALESCE(SUM(amount_cents), 0) FROM debt"), cents),
            // Exactly once: each state event of the debtors' outbox journaled once by Reporting, taken once by Communication.
            ("reporting: state events journaled", Scalar("reporting", $"SELECT COUNT(*) FROM event_journal WHERE type = {State}"), events),
            ("communication: state events taken", Scalar("communication",
                "SELECT COUNT(*) FROM inbox_message WHERE subscriber = 'Recovery.Communication.Subscriptions.OnDebtStateChanged'"), events),
            ("undelivered events", Scalar("debtors", "SELECT COUNT(*) FROM outbox_message WHERE dispatched_at IS NULL"), 0),
        ];
    }

    private static async Task<bool> ChainValidAsync(string baseUrl)
    {
        using var admin = Load.Client(1, new CookieContainerHolder());
        await SecondFactor.SignInAdminAsync(admin, baseUrl);
        var verify = await admin.GetFromJsonAsync<JsonObject>(baseUrl + "/api/v1/audit/verify");
        return verify?["valid"]?.GetValue<bool>() == true;
    }

    private static void Print(List<(string What, long Found, long Expected)> counts, bool chainValid, int answered, int batches, double seconds)
    {
        Console.WriteLine();
        Console.WriteLine($"## ingest-kill: SIGKILL after {answered} of {batches} batches answered, restart, every batch sent again ({seconds:F0} s)");
        Console.WriteLine("| count | found | expected |");
        Console.WriteLine("|---|---|---|");
        foreach (var (what, found, expected) in counts) Console.WriteLine($"| {what} | {found:N0} | {expected:N0} |");
        Console.WriteLine($"| audit chain valid | {chainValid} | True |");
        var ok = chainValid && counts.All(c => c.Found == c.Expected);
        Report.Line("ingest-kill", counts[0].Found, counts[0].Expected, "invoices kept / pushed", new Dictionary<string, object>
        {
            ["consistent"] = ok, ["batchesAnsweredBeforeKill"] = answered, ["batches"] = batches,
        });
        if (!ok) Environment.ExitCode = 1;
    }
}
