using System.Collections.Concurrent;
using System.Net.Sockets;
using System.Text;

using Recovery.Testing;

namespace Recovery.Communication.Tests;

/// <summary>A local HTTP receiver standing in for an SMS/WhatsApp provider: keeps each request and answers with an id.</summary>
public sealed class HttpSink : IAsyncDisposable
{
    private readonly HttpListener _listener = new();
    private int _next;

    public sealed record Request(string Path, string? Authorization, JsonElement Body, string Raw, IReadOnlyDictionary<string, string> Headers);

    public ConcurrentQueue<Request> Received { get; } = new();

    /// <summary>Requests answered with a failure status.</summary>
    public ConcurrentQueue<Request> Refused { get; } = new();

    /// <summary>Answer this status (e.g. 503) instead of 200, to exercise retries.</summary>
    public int Status { get; set; } = 200;

    public string Url { get; }

    public HttpSink()
    {
        for (var attempt = 0; ; attempt++)
        {
            var port = FreePort();
            Url = $"http://127.0.0.1:{port}/";
            _listener.Prefixes.Clear();
            _listener.Prefixes.Add(Url);
            try { _listener.Start(); break; }
            catch (HttpListenerException) when (attempt < 5) { }
        }
        _ = ServeAsync();
    }

    private async Task ServeAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try { context = await _listener.GetContextAsync(); }
            catch (Exception) { return; }
            using var reader = new StreamReader(context.Request.InputStream, Encoding.UTF8);
            var text = await reader.ReadToEndAsync();
            var status = Status;
            var headers = context.Request.Headers.AllKeys.Where(k => k is not null).ToDictionary(k => k!, k => context.Request.Headers[k]!, StringComparer.OrdinalIgnoreCase);
            var request = new Request(context.Request.Url!.AbsolutePath, context.Request.Headers["Authorization"], JsonDocument.Parse(text).RootElement.Clone(), text, headers);
            if (status == 200) Received.Enqueue(request);
            else Refused.Enqueue(request);
            context.Response.StatusCode = status;
            context.Response.ContentType = "application/json";
            var answer = Encoding.UTF8.GetBytes($$"""{"id":"prov-{{Interlocked.Increment(ref _next)}}"}""");
            await context.Response.OutputStream.WriteAsync(answer);
            context.Response.Close();
        }
    }

    private static int FreePort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    public ValueTask DisposeAsync()
    {
        _listener.Stop();
        _listener.Close();
        return ValueTask.CompletedTask;
    }
}
