using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.Data.Sqlite;

namespace Recovery.Bench;

/// <summary>
/// Negotiation reads: with the ingest data set loaded, the valuation of a debtor's debts and a simulation, through HTTP
/// with an agent's session, one at a time as agents work; against them, the direct SQLite read of the same debtor's
/// invoices and payments that both start from.
/// </summary>
internal static class NegotiateScenario
{
    public static async Task RunAsync(int? size)
    {
        var total = size ?? 1_000_000;
        var debtors = Math.Max(1, total * 3 / 10);
        var dir = IngestScenario.TempDir();
        try
        {
            LoadResult valuation, simulate;
            await using (var api = await ServerProcess.StartApiAsync(dir, IngestScenario.Admin))
            {
                await IngestScenario.LoadAsync(api.BaseUrl, total, debtors);

                using var agent = Load.Client(1, new CookieContainerHolder());
                await SecondFactor.SignInAdminAsync(agent, api.BaseUrl);
                agent.DefaultRequestHeaders.Add("X-Requested-With", "bench");
                var random = new Random(11);
                var sample = new List<(string DebtorId, string InvoiceId)>();
                for (var k = 0; k < 200; k++)
                {
                    var found = await agent.GetFromJsonAsync<JsonObject>($"{api.BaseUrl}/api/v1/debtors?query={IngestScenario.Cpf(random.Next(debtors))}");
                    var debtorId = found!["items"]![0]!["id"]!.GetValue<string>();
                    var detail = await agent.GetFromJsonAsync<JsonObject>($"{api.BaseUrl}/api/v1/debtors/{debtorId}");
                    sample.Add((debtorId, detail!["invoices"]![0]!["id"]!.GetValue<string>()));
                }
                var firstDue = DateOnly.FromDateTime(DateTime.UtcNow).AddDays(10).ToString("yyyy-MM-dd");
                var pick = 0;
                valuation = await Load.RunAsync("API valuation of a debtor", agent,
                    () => new HttpRequestMessage(HttpMethod.Get, $"{api.BaseUrl}/api/v1/debtors/{sample[pick++ % sample.Count].DebtorId}/valuation"), 3_000, 1);
                simulate = await Load.RunAsync("API simulation (3 installments)", agent, () =>
                {
                    var (debtorId, invoiceId) = sample[pick++ % sample.Count];
                    return new HttpRequestMessage(HttpMethod.Post, $"{api.BaseUrl}/api/v1/negotiations/simulate")
                    {
                        Content = JsonContent.Create(new { debtorId, invoiceIds = new[] { invoiceId }, downPayment = 0, installments = 3, firstDueDate = firstDue, discountPercent = 5 }),
                    };
                }, 3_000, 1);
                await AgreementJobBench.RunAsync(agent, api.BaseUrl, dir, Math.Min(100_000, debtors));
            }
            var floor = DirectRead(Path.Combine(dir, "debtors.db"), debtors);
            Report.Table($"negotiation reads with {total:N0} invoices loaded (agent session, one at a time)", [valuation, simulate, floor]);
            Report.Line("valuation", valuation.P99Ms, floor.P99Ms, "ms p99", new Dictionary<string, object> { ["p50Ms"] = Math.Round(valuation.P50Ms, 3) });
            Report.Line("simulate", simulate.P99Ms, floor.P99Ms, "ms p99", new Dictionary<string, object> { ["p50Ms"] = Math.Round(simulate.P50Ms, 3) });
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            if (Environment.GetEnvironmentVariable("RECOVERY_BENCH_KEEP") is null) try { Directory.Delete(dir, true); } catch (IOException) { }
            else Console.WriteLine($"data kept in {dir}");
        }
    }

    /// <summary>The debtor's invoices and payments straight from SQLite, by document: what every valuation starts from.</summary>
    private static LoadResult DirectRead(string file, int debtors) =>
        IngestScenario.DirectByDocument("direct SQLite read of the debtor's debts", file,
            """
            SELECT i.id, i.amount_cents, i.due_date, i.fine_bp, i.monthly_interest_bp, i.correction_index, p.amount_cents, p.paid_at
              FROM debtor d JOIN invoice i ON i.debtor_id = d.id LEFT JOIN payment p ON p.invoice_id = i.id
             WHERE d.document = $doc
            """, debtors, 3_000, 11);
}
