using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Data.Sqlite;
using Recovery.Testing;

namespace Recovery.Bench;

/// <summary>
/// The dunning schedule over the ingest data set: a ten-step régua (e-mail and SMS from D-5 to D+90), the daily run
/// through POST /api/v1/communication/runs against the same (invoice, step) pairs selected straight from SQLite, then
/// dispatch of what it planned to a local SMTP server and a local HTTP provider against sending as many messages
/// directly (MailKit on kept connections and HttpClient, same concurrency). The server's clock starts on a weekday at 09:00 in São Paulo
/// (the "Benchmark" environment) so that the contact windows are open; the frequency caps are raised because the data
/// set gives each debtor several invoices with the same due date.
/// </summary>
internal static class DunningScenario
{
    private static readonly DateTimeOffset Start = new(2026, 6, 9, 12, 0, 0, TimeSpan.Zero);   // a Tuesday, 09:00 in São Paulo
    private static readonly (string Key, int Offset, string Channel)[] Steps =
    [
        ("D-5", -5, "email"), ("D-1", -1, "sms"), ("D+1", 1, "email"), ("D+5", 5, "sms"), ("D+10", 10, "email"),
        ("D+15", 15, "sms"), ("D+30", 30, "email"), ("D+45", 45, "sms"), ("D+60", 60, "email"), ("D+90", 90, "sms"),
    ];

    public static async Task RunAsync(int? size)
    {
        var total = size ?? 1_000_000;
        var debtors = Math.Max(1, total * 3 / 10);
        var dir = IngestScenario.TempDir();
        await using var smtp = new SmtpSink(keep: false);
        await using var provider = await ProviderCounter.StartAsync();
        try
        {
            var environment = new Dictionary<string, string>(IngestScenario.Admin)
            {
                ["ASPNETCORE_ENVIRONMENT"] = "Benchmark",
                ["Benchmark__ClockStart"] = Start.ToString("O"),
                ["Communication__Smtp__Host"] = "127.0.0.1",
                ["Communication__Smtp__Port"] = smtp.Port.ToString(CultureInfo.InvariantCulture),
                ["Communication__Sms__Url"] = provider.Url + "/sms",
                ["Communication__DailyRunHour"] = "25",
                ["Communication__DispatchInterval"] = "00:00:00.050",
                ["Communication__BatchSize"] = "500",
                ["Communication__Concurrency"] = "16",
                ["Communication__Contact__MaxPerWeek"] = "1000",
                ["Communication__Contact__MaxPerChannelPerDay"] = "1000",
            };
            SecondFactor.ServerClockOffset = Start - DateTimeOffset.UtcNow;   // the server's clock starts at Start, as it builds
            await using var api = await ServerProcess.StartApiAsync(dir, environment);
            await IngestScenario.LoadAsync(api.BaseUrl, total, debtors);
            var known = await ModuleFile.WaitForAsync(dir, "communication", "debt", total);
            Console.WriteLine($"  Communication knew all {total:N0} debts {known:F0} s after the last push");

            using var supervisor = Load.Client(1, new CookieContainerHolder());
            await SecondFactor.SignInAdminAsync(supervisor, api.BaseUrl);
            supervisor.DefaultRequestHeaders.Add("X-Requested-With", "bench");
            const string tail = "{{credor}}, CNPJ {{cnpj_credor}}.";
            (await supervisor.PutAsJsonAsync(api.BaseUrl + "/api/v1/communication/templates/bench-email", new
            {
                channel = "email", subject = "Contrato {{contrato}}", body = "<p>{{nome}}, o contrato {{contrato}} de {{valor}} vence em {{vencimento}}.</p><p>" + tail + "</p>",
            })).EnsureSuccessStatusCode();
            (await supervisor.PutAsJsonAsync(api.BaseUrl + "/api/v1/communication/templates/bench-sms",
                new { channel = "sms", body = "{{nome}}: {{valor}} em aberto. " + tail })).EnsureSuccessStatusCode();
            var portfolios = await supervisor.GetFromJsonAsync<JsonObject>(api.BaseUrl + "/api/v1/admin/partners");
            var partnerId = portfolios!["items"]![0]!["id"]!.GetValue<string>();
            var portfolioId = (await supervisor.GetFromJsonAsync<JsonObject>($"{api.BaseUrl}/api/v1/admin/partners/{partnerId}/portfolios"))!["items"]![0]!["id"]!.GetValue<string>();
            (await supervisor.PutAsJsonAsync($"{api.BaseUrl}/api/v1/portfolios/{portfolioId}/schedule", new
            {
                steps = Steps.Select(s => new { key = s.Key, offsetDays = s.Offset, channel = s.Channel, template = s.Channel == "email" ? "bench-email" : "bench-sms" }),
            })).EnsureSuccessStatusCode();

            var today = DateOnly.FromDateTime(Start.ToOffset(TimeSpan.FromHours(-3)).DateTime);
            var (floorMs, pairs) = Floor(dir, portfolioId, today);

            var started = await (await supervisor.PostAsync(api.BaseUrl + "/api/v1/communication/runs", null)).Content.ReadFromJsonAsync<JsonObject>();
            var runId = started!["id"]!.GetValue<string>();
            JsonObject run;
            do
            {
                await Task.Delay(100);
                run = (await supervisor.GetFromJsonAsync<JsonObject>($"{api.BaseUrl}/api/v1/communication/runs/{runId}"))!;
            } while (run["status"]!.GetValue<string>() == "running");
            var runMs = (run["finishedAt"]!.GetValue<DateTimeOffset>() - run["startedAt"]!.GetValue<DateTimeOffset>()).TotalMilliseconds;
            var planned = run["planned"]!.GetValue<int>();

            var dispatch = Stopwatch.StartNew();
            long left;
            while ((left = ModuleFile.Count(dir, "communication", "SELECT COUNT(*) FROM communication.message WHERE status = 'queued'")) > 0 && dispatch.Elapsed < TimeSpan.FromMinutes(20))
                await Task.Delay(500);
            var dispatchSeconds = dispatch.Elapsed.TotalSeconds;
            var sent = ModuleFile.Count(dir, "communication", "SELECT COUNT(*) FROM communication.message WHERE status = 'sent'");
            var ours = sent / dispatchSeconds;
            var direct = await DirectSendAsync(smtp.Port, provider.Url + "/sms", Math.Min(10_000, (int)Math.Max(1, sent)));

            Console.WriteLine();
            Console.WriteLine($"## dunning: {total:N0} open invoices, {Steps.Length} steps, business day {today:yyyy-MM-dd}");
            Console.WriteLine("| what | figure |");
            Console.WriteLine("|---|---|");
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| (invoice, step) pairs selected straight from SQLite, {Steps.Length} statements | {floorMs:F0} ms, {pairs:N0} pairs |"));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| daily run through the API (server time) | {runMs:F0} ms, {planned:N0} planned |"));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| debts covered per minute by the run | {total / (runMs / 60_000):N0} |"));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| dispatch through the product (compliance, rendering, SMTP and HTTP) | {ours:F0} messages/s ({sent:N0} sent, {left:N0} left) |"));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| direct MailKit (kept connections) / HttpClient sends, same concurrency | {direct:F0} messages/s |"));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| received: SMTP {smtp.Count:N0}, HTTP provider {provider.Count:N0} |  |"));
            Report.Line("dunning-run", runMs, floorMs, "ms", new Dictionary<string, object>
            {
                ["invoices"] = total, ["planned"] = planned, ["pairs"] = pairs, ["debtsPerMinute"] = Math.Round(total / (runMs / 60_000)),
            });
            Report.Line("dispatch", ours, direct, "messages/s", new Dictionary<string, object> { ["sent"] = sent, ["left"] = left });
        }
        finally
        {
            SecondFactor.ServerClockOffset = TimeSpan.Zero;
            SqliteConnection.ClearAllPools();
            try { Directory.Delete(dir, true); } catch (IOException) { }
        }
    }

    /// <summary>The same (invoice, step) pairs the run plans, one SELECT per step, straight from SQLite.</summary>
    private static (double Ms, long Pairs) Floor(string dir, string portfolioId, DateOnly today)
    {
        using var connection = ModuleFile.Open(dir, "communication");
        using var cmd = connection.CreateCommand();
        cmd.CommandText = """
            SELECT d.invoice_id FROM communication.debt d
             WHERE d.portfolio_id = $p AND d.status = 'open' AND d.due_date BETWEEN $from AND $to
               AND NOT EXISTS (SELECT 1 FROM communication.hold h WHERE h.debtor_id = d.debtor_id AND (h.invoice_id IS NULL OR h.invoice_id = d.invoice_id))
               AND NOT EXISTS (SELECT 1 FROM communication.message m WHERE m.invoice_id = d.invoice_id AND m.step_key = $key)
            """;
        var p = cmd.Parameters.AddWithValue("$p", portfolioId);
        var from = cmd.Parameters.Add("$from", SqliteType.Text);
        var to = cmd.Parameters.Add("$to", SqliteType.Text);
        var key = cmd.Parameters.Add("$key", SqliteType.Text);
        var watch = Stopwatch.StartNew();
        long pairs = 0;
        foreach (var (stepKey, offset, _) in Steps)
        {
            from.Value = today.AddDays(-offset - 3).ToString("yyyy-MM-dd");
            to.Value = today.AddDays(-offset).ToString("yyyy-MM-dd");
            key.Value = stepKey;
            using var reader = cmd.ExecuteReader();
            while (reader.Read()) pairs++;
        }
        return (watch.Elapsed.TotalMilliseconds, pairs);
    }

    /// <summary>
    /// The floor for dispatch: the same mix of e-mails and provider calls sent directly by 16 workers, each with its own
    /// MailKit connection kept open and a shared HttpClient (the best a sender can do at that concurrency).
    /// </summary>
    private static async Task<double> DirectSendAsync(int smtpPort, string smsUrl, int count)
    {
        const int workers = 16;
        using var http = new HttpClient();
        var watch = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, workers).Select(async w =>
        {
            using var smtp = new MailKit.Net.Smtp.SmtpClient();
            await smtp.ConnectAsync("127.0.0.1", smtpPort, MailKit.Security.SecureSocketOptions.None);
            for (var i = w; i < count; i += workers)
            {
                if (i % 2 == 0)
                {
                    var mail = new MimeKit.MimeMessage { Subject = "Contrato", Body = new MimeKit.TextPart("html") { Text = "<p>Direto</p>" } };
                    mail.From.Add(MimeKit.MailboxAddress.Parse("cobranca@recovery.local"));
                    mail.To.Add(MimeKit.MailboxAddress.Parse($"devedor{i}@example.com"));
                    await smtp.SendAsync(mail);
                }
                else
                    (await http.PostAsJsonAsync(smsUrl, new { reference = Guid.NewGuid(), channel = "sms", to = "+5511900000000", text = "Direto" })).EnsureSuccessStatusCode();
            }
            await smtp.DisconnectAsync(true);
        }));
        return count / watch.Elapsed.TotalSeconds;
    }

    /// <summary>A provider that accepts each message and answers its id.</summary>
    private sealed class ProviderCounter : IAsyncDisposable
    {
        private readonly WebApplication _app;
        private long _count;

        private ProviderCounter(WebApplication app, string url)
        {
            _app = app;
            Url = url;
        }

        public string Url { get; }
        public long Count => Interlocked.Read(ref _count);

        public static async Task<ProviderCounter> StartAsync()
        {
            var port = ((Func<int>)(() => { var l = new TcpListener(IPAddress.Loopback, 0); l.Start(); var p = ((IPEndPoint)l.LocalEndpoint).Port; l.Stop(); return p; }))();
            var url = $"http://127.0.0.1:{port}";
            var builder = WebApplication.CreateSlimBuilder();
            builder.Logging.ClearProviders();
            builder.WebHost.UseUrls(url);
            var app = builder.Build();
            ProviderCounter? self = null;
            app.MapPost("/sms", () => Results.Json(new { id = "p-" + Interlocked.Increment(ref self!._count) }));
            self = new ProviderCounter(app, url);
            await app.StartAsync();
            return self;
        }

        public async ValueTask DisposeAsync() => await _app.DisposeAsync();
    }
}
