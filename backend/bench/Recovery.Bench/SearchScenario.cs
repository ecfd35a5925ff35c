using System.Diagnostics;
using System.Net.Http.Json;
using Microsoft.Data.Sqlite;

namespace Recovery.Bench;

/// <summary>
/// Search at scale (ADR 0020): SIZE debtors (1,000,000 by default), one invoice each, pushed through the API; then an
/// agent's searches one at a time through HTTP, every form in turn (a CPF with punctuation, a phone formatted another
/// way, an e-mail in upper case, a contract id, a surname's prefix, first name and surname), against the fastest direct
/// query on the same data: the one index lookup each form needs, straight on the SQLite file, with no HTTP, parsing,
/// ranking or details.
/// </summary>
internal static class SearchScenario
{
    private const int Requests = 5_000;

    private static readonly string[] Surnames = ["ferr", "silva", "olive", "gonçalves", "araujo", "conceic"];

    public static async Task RunAsync(int? size)
    {
        var debtors = size ?? 1_000_000;
        var dir = IngestScenario.TempDir();
        try
        {
            LoadResult ours;
            await using (var api = await ServerProcess.StartApiAsync(dir, IngestScenario.Admin))
            {
                var clock = Stopwatch.StartNew();
                using var agent = await LoadAsync(api.BaseUrl, debtors);
                Console.WriteLine($"  {debtors:N0} debtors pushed in {clock.Elapsed.TotalSeconds:F0} s");
                var next = 0;
                var random = new Random(11);
                ours = await Load.RunAsync("API search, every form", agent,
                    () => new HttpRequestMessage(HttpMethod.Get, $"{api.BaseUrl}/api/v1/debtors?query={Uri.EscapeDataString(Query(next++, random.Next(debtors)))}"),
                    Requests, 1);
            }
            var floor = Direct(Path.Combine(dir, "debtors.db"), debtors);
            Report.Table($"search over {debtors:N0} debtors (GET /api/v1/debtors?query=, one agent)", [ours, floor]);
            Report.Line("search-forms", ours.P99Ms, floor.P99Ms, "ms p99", new Dictionary<string, object>
            {
                ["p50Ms"] = Math.Round(ours.P50Ms, 3), ["floorP50Ms"] = Math.Round(floor.P50Ms, 3), ["debtors"] = debtors,
                ["requestsPerSecond"] = Math.Round(ours.PerSecond),
            });
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            try { Directory.Delete(dir, true); } catch (IOException) { }
        }
    }

    private const string AgentEmail = "agente@bench.local", AgentPassword = "Bench-Agent-2026";

    /// <summary>
    /// The administrator signs in (enrolling a second factor), registers the partner and an agent; the partner pushes
    /// the debtors; the agent signs in (agents have no second factor) and is returned.
    /// </summary>
    private static async Task<HttpClient> LoadAsync(string baseUrl, int debtors)
    {
        using (var admin = Load.Client(1, new CookieContainerHolder()))
        {
            await SecondFactor.SignInAdminAsync(admin, baseUrl);
            admin.DefaultRequestHeaders.Add("X-Requested-With", "bench");
            await SecondFactor.EnrolAsync(admin, baseUrl);
            var partner = await (await admin.PostAsJsonAsync(baseUrl + "/api/v1/admin/partners", new { name = "Bench", document = "11.222.333/0001-81" }))
                .EnsureSuccessStatusCode().Content.ReadFromJsonAsync<System.Text.Json.Nodes.JsonObject>();
            (await admin.PostAsJsonAsync(baseUrl + "/api/v1/admin/users", new { email = AgentEmail, name = "Agente", role = "agent", password = AgentPassword }))
                .EnsureSuccessStatusCode();
            using var client = Load.Client(4);
            client.DefaultRequestHeaders.Add("X-Api-Key", partner!["apiKey"]!.GetValue<string>());
            client.Timeout = TimeSpan.FromMinutes(5);
            var rejected = await IngestScenario.PushAllAsync(client, baseUrl, debtors, debtors, Stopwatch.StartNew());
            if (rejected > 0) throw new InvalidOperationException($"{rejected} invoices rejected");
        }
        var agent = Load.Client(1, new CookieContainerHolder());
        (await agent.PostAsJsonAsync(baseUrl + "/api/v1/auth/login", new { email = AgentEmail, password = AgentPassword })).EnsureSuccessStatusCode();
        return agent;
    }

    /// <summary>The n-th query of the mix, about debtor d (whose one invoice is INV-d).</summary>
    private static string Query(int n, int d)
    {
        var cpf = IngestScenario.Cpf(d);
        var phone = People.PhoneDigits(d);
        var name = People.Name(d).Split(' ');
        return (n % 6) switch
        {
            0 => $"{cpf[..3]}.{cpf[3..6]}.{cpf[6..9]}-{cpf[9..]}",
            1 => $"({phone[..2]}) {phone[2..7]}-{phone[7..]}",
            2 => $"DEVEDOR{d}@EXAMPLE.COM",
            3 => $"INV-{d:D8}",
            4 => Surnames[d % Surnames.Length],
            _ => $"{name[0]} {name[1]}",
        };
    }

    /// <summary>The same mix, each as the single index lookup it needs, first page only.</summary>
    private static LoadResult Direct(string file, int debtors)
    {
        using var connection = new SqliteConnection($"Data Source={file};Mode=ReadOnly");
        connection.Open();
        using var exact = connection.CreateCommand();
        exact.CommandText = "SELECT debtor_id FROM search_token WHERE kind = $k AND token = $t LIMIT 20";
        var (kind, token) = (exact.Parameters.Add("$k", SqliteType.Text), exact.Parameters.Add("$t", SqliteType.Text));
        using var range = connection.CreateCommand();
        range.CommandText = "SELECT debtor_id FROM search_token WHERE kind = 'name' AND token >= $p AND token < $e LIMIT 20";
        var (from, to) = (range.Parameters.Add("$p", SqliteType.Text), range.Parameters.Add("$e", SqliteType.Text));
        var random = new Random(11);
        var latencies = new long[Requests];
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < Requests; i++)
        {
            var d = random.Next(debtors);
            var start = Stopwatch.GetTimestamp();
            SqliteCommand cmd = exact;
            switch (i % 6)
            {
                case 0: (kind.Value, token.Value) = ("document", IngestScenario.Cpf(d)); break;
                case 1: (kind.Value, token.Value) = ("phone", People.PhoneDigits(d)); break;
                case 2: (kind.Value, token.Value) = ("email", $"devedor{d}@example.com"); break;
                case 3: (kind.Value, token.Value) = ("contract", $"inv-{d:D8}"); break;
                default:
                    var prefix = People.Plain(i % 6 == 4 ? Surnames[d % Surnames.Length] : People.Name(d).Split(' ')[1]);
                    (from.Value, to.Value, cmd) = (prefix, prefix[..^1] + (char)(prefix[^1] + 1), range);
                    break;
            }
            using (var reader = cmd.ExecuteReader()) while (reader.Read()) { }
            latencies[i] = Stopwatch.GetTimestamp() - start;
        }
        var seconds = clock.Elapsed.TotalSeconds;
        Array.Sort(latencies);
        double Ms(double q) => latencies[(int)(q * (latencies.Length - 1))] * 1000.0 / Stopwatch.Frequency;
        return new LoadResult("direct index lookup on search_token", Requests, 1, seconds, Ms(0.5), Ms(0.99), 0);
    }
}
