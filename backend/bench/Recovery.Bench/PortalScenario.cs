using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.Data.Sqlite;
using Recovery.Testing;

namespace Recovery.Bench;

/// <summary>
/// The debtor's portal under load: with the ingest data set loaded (1M invoices by default), N debtors (200 by default,
/// <c>RECOVERY_BENCH_PORTAL_DEBTORS</c>) each ask for a code, read it in the e-mail on a loopback SMTP server and sign
/// in; then all at once they fetch their debts and their offers, each with their own session cookie. Against the offers'
/// p99, the floor: the direct SQLite read of a debtor's debts by document, which every valuation starts from.
/// </summary>
internal static partial class PortalScenario
{
    public static async Task RunAsync(int? size)
    {
        var total = size ?? 1_000_000;
        var debtors = Math.Max(1, total * 3 / 10);
        var concurrent = Math.Min(debtors, int.TryParse(Environment.GetEnvironmentVariable("RECOVERY_BENCH_PORTAL_DEBTORS"), out var n) ? n : 200);
        var dir = IngestScenario.TempDir();
        await using var smtp = new SmtpSink(keep: true);
        try
        {
            LoadResult debts, offers;
            var environment = new Dictionary<string, string>(IngestScenario.Admin)
            {
                ["Communication__Smtp__Host"] = "127.0.0.1",
                ["Communication__Smtp__Port"] = smtp.Port.ToString(CultureInfo.InvariantCulture),
                ["Communication__DailyRunHour"] = "25",
                ["Security__RateLimits__AnonymousPermitsPerSecond"] = "1000000",
                ["Security__RateLimits__AnonymousBurst"] = "1000000",
                ["Portal__CodeRequestsPerAddress"] = "1000000",
                ["Portal__SignInsPerAddress"] = "1000000",
            };
            await using (var api = await ServerProcess.StartApiAsync(dir, environment))
            {
                await IngestScenario.LoadAsync(api.BaseUrl, total, debtors);
                var random = new Random(19);
                var chosen = Enumerable.Range(0, debtors).OrderBy(_ => random.Next()).Take(concurrent).ToList();
                var sessions = new (string Cookie, string InvoiceIds)[concurrent];
                using (var anonymous = Load.Client(32))
                {
                    anonymous.DefaultRequestHeaders.Add("X-Requested-With", "bench");
                    await Parallel.ForEachAsync(Enumerable.Range(0, concurrent), new ParallelOptions { MaxDegreeOfParallelism = 32 }, async (k, ct) =>
                        sessions[k] = await SignInAsync(anonymous, api.BaseUrl, smtp, chosen[k], ct));
                }

                using var portal = Load.Client(concurrent);
                portal.DefaultRequestHeaders.Add("X-Requested-With", "bench");
                var pick = -1;
                HttpRequestMessage As(int k, string path)
                {
                    var request = new HttpRequestMessage(HttpMethod.Get, $"{api.BaseUrl}/api/v1/portal{path}");
                    request.Headers.Add("Cookie", $"recovery_portal={sessions[k].Cookie}");
                    return request;
                }
                int Next() => (int)((uint)Interlocked.Increment(ref pick) % (uint)concurrent);
                debts = await Load.RunAsync($"API portal debts ({concurrent} debtors)", portal, () => As(Next(), "/debts"), concurrent * 10, concurrent);
                offers = await Load.RunAsync($"API portal offers ({concurrent} debtors)", portal, () =>
                {
                    var k = Next();
                    return As(k, $"/offers?invoiceIds={sessions[k].InvoiceIds}");
                }, concurrent * 10, concurrent);
            }
            var floor = IngestScenario.DirectByDocument("direct SQLite read of the debtor's debts", Path.Combine(dir, "debtors.db"),
                """
                SELECT i.id, i.amount_cents, i.due_date, i.fine_bp, i.monthly_interest_bp, i.correction_index, p.amount_cents, p.paid_at
                  FROM debtor d JOIN invoice i ON i.debtor_id = d.id LEFT JOIN payment p ON p.invoice_id = i.id
                 WHERE d.document = $doc
                """, debtors, 3_000, 19);
            Report.Table($"portal with {total:N0} invoices loaded ({concurrent} debtors signed in, all at once)", [debts, offers, floor]);
            Report.Line("portal", offers.P99Ms, floor.P99Ms, "ms p99 of offers", new Dictionary<string, object>
            {
                ["debtors"] = concurrent, ["offersP50Ms"] = Math.Round(offers.P50Ms, 3), ["debtsP99Ms"] = Math.Round(debts.P99Ms, 3),
                ["errors"] = debts.Errors + offers.Errors,
            });
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            if (Environment.GetEnvironmentVariable("RECOVERY_BENCH_KEEP") is null) try { Directory.Delete(dir, true); } catch (IOException) { }
            else Console.WriteLine($"data kept in {dir}");
        }
    }

    /// <summary>Asks for a code, reads it in the e-mail, signs in: the session cookie and the debtor's open invoices.</summary>
    private static async Task<(string Cookie, string InvoiceIds)> SignInAsync(HttpClient client, string baseUrl, SmtpSink smtp, int d, CancellationToken ct)
    {
        var document = IngestScenario.Cpf(d);
        var email = $"devedor{d}@example.com";
        (await client.PostAsJsonAsync($"{baseUrl}/api/v1/portal/access-codes", new { document }, ct)).EnsureSuccessStatusCode();
        string? code = null;
        for (var wait = 0; code is null; wait++)
        {
            if (wait > 600) throw new TimeoutException($"no code for {email}");
            var mail = smtp.Received.LastOrDefault(m => m.To.Contains(email));
            if (mail is not null) code = Code().Match(mail.Text).Groups[1].Value;
            else await Task.Delay(50, ct);
        }
        using var response = await client.PostAsJsonAsync($"{baseUrl}/api/v1/portal/sessions", new { document, code }, ct);
        response.EnsureSuccessStatusCode();
        var cookie = response.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("recovery_portal=", StringComparison.Ordinal)).Split(';')[0]["recovery_portal=".Length..];
        using var debts = new HttpRequestMessage(HttpMethod.Get, $"{baseUrl}/api/v1/portal/debts");
        debts.Headers.Add("Cookie", $"recovery_portal={cookie}");
        var items = (await (await client.SendAsync(debts, ct)).Content.ReadFromJsonAsync<JsonObject>(ct))!["items"]!.AsArray();
        // The debts of one creditor (the offers are per creditor); the data set has one.
        return (cookie, string.Join(',', items.Select(i => i!["invoiceId"]!.GetValue<string>())));
    }

    [GeneratedRegex(@"(?<![\d#])(\d{6})(?!\d)")]
    private static partial Regex Code();
}
