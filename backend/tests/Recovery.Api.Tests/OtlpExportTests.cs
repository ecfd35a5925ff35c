using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;

namespace Recovery.Api.Tests;

/// <summary>
/// With an OTLP endpoint configured, the host pushes its traces and metrics there. The collector here is a plain HTTP
/// listener on loopback that keeps what it receives (OTLP over http/protobuf); strings travel as UTF-8 and ids as raw
/// bytes in protobuf, so the test looks for them in the bodies.
/// </summary>
[NonParallelizable]
public sealed class OtlpExportTests
{
    [Test]
    public async Task A_partner_push_arrives_as_a_trace_with_its_database_statements_and_the_counter_as_a_metric()
    {
        using var collector = new Collector();
        await using var app = new RecoveryApp(new()
        {
            ["OTEL_EXPORTER_OTLP_ENDPOINT"] = collector.Url,
            ["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf",
            ["OTEL_BSP_SCHEDULE_DELAY"] = "200",
            ["OTEL_METRIC_EXPORT_INTERVAL"] = "500",
        });
        var (partner, _, _) = await app.PartnerAsync();

        var traceId = Convert.ToHexStringLower(Guid.NewGuid().ToByteArray());
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/partner/invoices")
        {
            Content = JsonContent.Create(new JsonObject
            {
                ["externalId"] = "OTLP-" + Guid.NewGuid().ToString("N")[..12],
                ["debtor"] = new JsonObject { ["document"] = TestData.Cpf(), ["name"] = "Pessoa de Teste" },
                ["amount"] = 99.90m,
                ["issueDate"] = "2026-08-01",
                ["dueDate"] = "2026-09-01",
            }),
        };
        request.Headers.Add("traceparent", $"00-{traceId}-00f067aa0ba902b7-01");
        (await partner.SendAsync(request)).EnsureSuccessStatusCode();

        var traceBytes = Convert.FromHexString(traceId);
        await RecoveryApp.EventuallyAsync(() => Task.FromResult(collector.Received("/v1/traces").Any(b =>
                b.AsSpan().IndexOf(traceBytes) >= 0 && Contains(b, "SELECT debtors") && Contains(b, "FROM debtors.invoice") && Contains(b, "POST /api/v1/partner/invoices"))),
            "the request's trace, with its statements, at the collector");
        await RecoveryApp.EventuallyAsync(() => Task.FromResult(collector.Received("/v1/metrics").Any(b =>
                Contains(b, "recovery.invoices.accepted") && Contains(b, "http.server.request.duration"))),
            "the metrics at the collector");
    }

    private static bool Contains(byte[] body, string text) => body.AsSpan().IndexOf(Encoding.UTF8.GetBytes(text)) >= 0;

    /// <summary>An OTLP/HTTP receiver on a free loopback port: answers 200 to every export and keeps the bodies.</summary>
    private sealed class Collector : IDisposable
    {
        private readonly HttpListener _listener = new();
        private readonly List<(string Path, byte[] Body)> _received = [];
        private readonly Task _loop;

        public Collector()
        {
            var probe = new TcpListener(IPAddress.Loopback, 0);
            probe.Start();
            var port = ((IPEndPoint)probe.LocalEndpoint).Port;
            probe.Stop();
            Url = $"http://127.0.0.1:{port}";
            _listener.Prefixes.Add(Url + "/");
            _listener.Start();
            _loop = Task.Run(LoopAsync);
        }

        public string Url { get; }

        public IReadOnlyList<byte[]> Received(string path)
        {
            lock (_received) return _received.Where(r => r.Path == path).Select(r => r.Body).ToList();
        }

        private async Task LoopAsync()
        {
            while (_listener.IsListening)
            {
                HttpListenerContext context;
                try { context = await _listener.GetContextAsync(); }
                catch (Exception) { return; }
                using var body = new MemoryStream();
                await context.Request.InputStream.CopyToAsync(body);
                lock (_received) _received.Add((context.Request.Url!.AbsolutePath, body.ToArray()));
                context.Response.StatusCode = 200;
                context.Response.ContentType = "application/x-protobuf";
                context.Response.Close();
            }
        }

        public void Dispose()
        {
            _listener.Stop();
            _listener.Close();
            try { _loop.Wait(TimeSpan.FromSeconds(5)); } catch (AggregateException) { }
        }
    }
}
