using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.Data.Sqlite;

namespace Recovery.Bench;

/// <summary>
/// The daily agreement job over a book of active agreements: the same run an administrator starts with
/// <c>POST /api/v1/admin/jobs/agreements/runs</c>, against the one set-based statement that finds the overdue
/// installments straight from SQLite. The book is written straight into the Negotiation database (the job is what is
/// measured, not agreement creation): twelve monthly installments each, thirty days' tolerance, everything due paid
/// except, among the agreements whose installment reaches the end of its tolerance today, about one in 30 (they break
/// today, as on an ordinary day of a daily job), and one agreement in seven whose latest installment is late but still
/// within tolerance (it must not break).
/// </summary>
internal static class AgreementJobBench
{
    private const string Overdue = """
        SELECT i.agreement_id, i.number FROM negotiation.installment i
         WHERE i.breaks_on <= $today AND i.paid_cents < i.amount_cents
           AND EXISTS (SELECT 1 FROM negotiation.agreement a WHERE a.id = i.agreement_id AND a.status = 'active')
        """;

    public static async Task RunAsync(HttpClient admin, string baseUrl, string dir, int agreements)
    {
        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow, TimeZoneInfo.FindSystemTimeZoneById("America/Sao_Paulo")).DateTime);
        // A first, small book warms the server (JIT, statement caches) the way yesterday's run would have.
        var (warmBook, warmOverdue) = WriteBook(dir, 0, 2_000, today, 1);
        var cold = await RunJobAsync(admin, baseUrl);
        var clock = Stopwatch.StartNew();
        var (written, expected) = WriteBook(dir, warmBook, agreements - warmBook, today, 2);
        Console.WriteLine($"{written:N0} more active agreements written in {clock.Elapsed.TotalSeconds:F1} s; {expected:N0} break today");

        var floor = Floor(dir, today, out var found);
        var (wallMs, run) = await RunJobAsync(admin, baseUrl);
        var ours = run["elapsedMs"]!.GetValue<double>();
        var (_, quiet) = await RunJobAsync(admin, baseUrl);
        var broken = CountBroken(dir);

        Console.WriteLine();
        Console.WriteLine($"## daily agreement job over {warmBook + written:N0} active agreements");
        Console.WriteLine("| run | ms |");
        Console.WriteLine("|---|---|");
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| set-based statement, direct SQLite ({found:N0} rows, median of 5) | {floor:F2} |"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| first job run after start, {warmBook:N0} agreements ({cold.Run["outcome"]}) | {cold.Run["elapsedMs"]!.GetValue<double>():F1} |"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| job through the API, server time ({run["outcome"]}) | {ours:F1} |"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| the same, wall time of the HTTP call | {wallMs:F1} |"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| next run, nothing left to break | {quiet["elapsedMs"]!.GetValue<double>():F1} |"));
        if (broken != expected + warmOverdue) Console.WriteLine($"!! {broken} agreements broken, {expected + warmOverdue} expected");
        Report.Line("agreement-job", ours, floor, "ms", new Dictionary<string, object>
        {
            ["agreements"] = warmBook + written, ["broken"] = expected, ["nothingToBreakMs"] = quiet["elapsedMs"]!.GetValue<double>(),
        });
    }

    private static async Task<(double WallMs, JsonNode Run)> RunJobAsync(HttpClient admin, string baseUrl)
    {
        var wall = Stopwatch.StartNew();
        var response = await admin.PostAsync($"{baseUrl}/api/v1/admin/jobs/agreements/runs", null);
        response.EnsureSuccessStatusCode();
        var run = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        return (wall.Elapsed.TotalMilliseconds, run);
    }

    private static (int Written, int Overdue) WriteBook(string dir, int skip, int count, DateOnly today, int seed)
    {
        using var debtors = new SqliteConnection($"Data Source={Path.Combine(dir, "debtors.db")};Mode=ReadOnly");
        debtors.Open();
        using var pick = debtors.CreateCommand();
        pick.CommandText = "SELECT debtor_id, MIN(id), partner_id, portfolio_id, external_id, due_date, amount_cents FROM invoice GROUP BY debtor_id ORDER BY debtor_id LIMIT $n OFFSET $skip";
        pick.Parameters.AddWithValue("$n", count);
        pick.Parameters.AddWithValue("$skip", skip);
        var debts = new List<(string Debtor, string Invoice, string Partner, string Portfolio, string External, string Due, long Amount)>();
        using (var r = pick.ExecuteReader())
            while (r.Read()) debts.Add((r.GetString(0), r.GetString(1), r.GetString(2), r.GetString(3), r.GetString(4), r.GetString(5), r.GetInt64(6)));

        using var connection = ModuleFile.Open(dir, "negotiation");
        using var tx = connection.BeginTransaction();
        var agreement = Command(connection, tx, """
            INSERT INTO negotiation.agreement (id, debtor_id, partner_id, portfolio_id, status, policy_version, agreement_date, valuation_cents,
                discount_cents, discount_e2, total_cents, down_payment_cents, installments, monthly_rate_e4, cet_monthly, cet_yearly,
                tolerance_days, required_role, created_by, created_by_role, created_at)
            VALUES ($id, $debtor, $partner, $portfolio, 'active', 0, $date, $total, 0, 0, $total, 0, 12, 0, '0', '0', 30, 'agent', 'bench', 'agent', $now)
            """, "$id", "$debtor", "$partner", "$portfolio", "$date", "$total", "$now");
        var debt = Command(connection, tx, """
            INSERT INTO negotiation.agreement_debt (agreement_id, invoice_id, external_id, due_date, principal_cents, charges_cents, live)
            VALUES ($agreement, $invoice, $external, $due, $principal, 0, 1)
            """, "$agreement", "$invoice", "$external", "$due", "$principal");
        var installment = Command(connection, tx, """
            INSERT INTO negotiation.installment (agreement_id, number, due_date, amount_cents, paid_cents, paid_at, breaks_on, txid)
            VALUES ($agreement, $number, $due, $amount, $paid, $paidAt, $breaks, $txid)
            """, "$agreement", "$number", "$due", "$amount", "$paid", "$paidAt", "$breaks", "$txid");
        var now = DateTime.UtcNow.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture);
        var overdue = 0;
        var random = new Random(seed);
        for (var k = 0; k < debts.Count; k++)
        {
            var d = debts[k];
            var id = Guid.CreateVersion7().ToString();
            var date = today.AddDays(-(k % 330));
            var amount = Math.Max(1200, d.Amount / 12 * 12);
            Set(agreement, id, d.Debtor, d.Partner, d.Portfolio, Day(date), amount, now);
            Set(debt, id, d.Invoice, d.External, d.Due, d.Amount);
            var breaksToday = random.Next(30) == 0;
            var lateWithinTolerance = k % 7 == 0;
            var breakingToday = Enumerable.Range(1, 12).LastOrDefault(n => date.AddMonths(n).AddDays(31) == today);
            var lastDue = Enumerable.Range(1, 12).LastOrDefault(n => date.AddMonths(n) <= today);
            if (breaksToday && breakingToday > 0) overdue++;
            for (var n = 1; n <= 12; n++)
            {
                var due = date.AddMonths(n);
                var unpaid = due > today || (breaksToday && n == breakingToday) || (lateWithinTolerance && n == lastDue && n != breakingToday);
                Set(installment, id, n, Day(due), amount / 12, unpaid ? 0 : amount / 12, unpaid ? null : Day(due) + "T12:00:00.0000000Z",
                    Day(due.AddDays(31)), $"BENCH{skip + k:D10}N{n:D2}");
            }
        }
        tx.Commit();
        return (debts.Count, overdue);
    }

    private static double Floor(string dir, DateOnly today, out int found)
    {
        using var connection = ModuleFile.Open(dir, "negotiation");
        using var cmd = connection.CreateCommand();
        cmd.CommandText = Overdue;
        cmd.Parameters.AddWithValue("$today", Day(today));
        var times = new List<double>();
        found = 0;
        for (var i = 0; i < 6; i++)
        {
            var watch = Stopwatch.StartNew();
            var rows = 0;
            using (var r = cmd.ExecuteReader()) while (r.Read()) rows++;
            if (i > 0) times.Add(watch.Elapsed.TotalMilliseconds);   // the first warms the page cache
            found = rows;
        }
        times.Sort();
        return times[times.Count / 2];
    }

    private static long CountBroken(string dir)
        => ModuleFile.Count(dir, "negotiation", "SELECT COUNT(*) FROM negotiation.agreement WHERE status = 'broken' AND created_by = 'bench'");

    private static string Day(DateOnly d) => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static SqliteCommand Command(SqliteConnection c, SqliteTransaction tx, string sql, params string[] names)
    {
        var cmd = c.CreateCommand();
        cmd.Transaction = tx;
        cmd.CommandText = sql;
        foreach (var name in names) cmd.Parameters.Add(new SqliteParameter(name, null));
        cmd.Prepare();
        return cmd;
    }

    private static void Set(SqliteCommand cmd, params object?[] values)
    {
        for (var i = 0; i < values.Length; i++) cmd.Parameters[i].Value = values[i] ?? DBNull.Value;
        cmd.ExecuteNonQuery();
    }
}
