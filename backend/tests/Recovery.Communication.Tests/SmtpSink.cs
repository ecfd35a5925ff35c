using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Recovery.Testing;

/// <summary>A real SMTP server on loopback (the RFC 5321 commands a client uses to submit), keeping what arrived.</summary>
public sealed class SmtpSink : IAsyncDisposable
{
    private readonly bool _keep;
    private long _count;

    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();

    public sealed record Mail(string From, IReadOnlyList<string> To, string Data)
    {
        /// <summary>The body after the headers, with quoted-printable soft breaks and escapes undone, and base64 decoded.</summary>
        public string Text => Decode(Data);
    }

    public ConcurrentQueue<Mail> Received { get; } = new();

    /// <summary>Messages that arrived, accepted or still waiting at the <see cref="Gate"/>.</summary>
    public ConcurrentQueue<Mail> Arrived { get; } = new();

    /// <summary>While set, a message that arrived waits for it to complete before the server accepts it (a slow server).</summary>
    public TaskCompletionSource? Gate { get; set; }

    /// <summary>How long the server takes to accept each message.</summary>
    public TimeSpan Delay { get; set; }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    /// <summary>How many messages arrived.</summary>
    public long Count => Interlocked.Read(ref _count);

    private long _connections;

    /// <summary>How many connections clients opened.</summary>
    public long Connections => Interlocked.Read(ref _connections);

    /// <param name="keep">Keep each message in <see cref="Received"/> (tests); a benchmark only counts.</param>
    public SmtpSink(bool keep = true)
    {
        _keep = keep;
        _listener.Start();
        _ = AcceptAsync();
    }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try { client = await _listener.AcceptTcpClientAsync(_stop.Token); }
            catch (OperationCanceledException) { return; }
            _ = ServeAsync(client);
        }
    }

    private async Task ServeAsync(TcpClient client)
    {
        using var _ = client;
        Interlocked.Increment(ref _connections);
        var stream = client.GetStream();
        var reader = new StreamReader(stream, Encoding.ASCII);
        var writer = new StreamWriter(stream, Encoding.ASCII) { NewLine = "\r\n", AutoFlush = true };
        await writer.WriteLineAsync("220 sink.recovery.test ESMTP");
        string from = "";
        var to = new List<string>();
        while (await reader.ReadLineAsync() is { } line)
        {
            var verb = line.Split(' ')[0].ToUpperInvariant();
            switch (verb)
            {
                case "EHLO":
                    await writer.WriteLineAsync("250-sink.recovery.test");
                    await writer.WriteLineAsync("250 8BITMIME");
                    break;
                case "HELO": await writer.WriteLineAsync("250 sink.recovery.test"); break;
                case "MAIL": from = line[(line.IndexOf(':') + 1)..].Trim(' ', '<', '>'); to.Clear(); await writer.WriteLineAsync("250 OK"); break;
                case "RCPT": to.Add(line[(line.IndexOf(':') + 1)..].Trim(' ', '<', '>')); await writer.WriteLineAsync("250 OK"); break;
                case "DATA":
                    await writer.WriteLineAsync("354 End data with <CR><LF>.<CR><LF>");
                    var data = new StringBuilder();
                    while (await reader.ReadLineAsync() is { } dataLine && dataLine != ".")
                        if (_keep) data.Append(dataLine.StartsWith("..") ? dataLine[1..] : dataLine).Append("\r\n");
                    var mail = new Mail(from, to.ToList(), data.ToString());
                    if (_keep) Arrived.Enqueue(mail);
                    if (Delay > TimeSpan.Zero) await Task.Delay(Delay);
                    if (Gate is { } gate) await gate.Task;
                    Interlocked.Increment(ref _count);
                    if (_keep) Received.Enqueue(mail);
                    await writer.WriteLineAsync("250 OK queued");
                    break;
                case "QUIT": await writer.WriteLineAsync("221 Bye"); return;
                default: await writer.WriteLineAsync("250 OK"); break;
            }
        }
    }

    private static string Decode(string data)
    {
        var split = data.IndexOf("\r\n\r\n", StringComparison.Ordinal);
        var headers = data[..split];
        var body = data[(split + 4)..];
        if (headers.Contains("Content-Transfer-Encoding: base64", StringComparison.OrdinalIgnoreCase))
            return Encoding.UTF8.GetString(Convert.FromBase64String(string.Concat(body.Split("\r\n"))));
        if (!headers.Contains("quoted-printable", StringComparison.OrdinalIgnoreCase)) return body;
        var joined = body.Replace("=\r\n", "");
        var bytes = new List<byte>();
        for (var i = 0; i < joined.Length; i++)
        {
            if (joined[i] == '=' && i + 2 < joined.Length && Uri.IsHexDigit(joined[i + 1]) && Uri.IsHexDigit(joined[i + 2]))
            {
                bytes.Add(Convert.ToByte(joined.Substring(i + 1, 2), 16));
                i += 2;
            }
            else bytes.AddRange(Encoding.UTF8.GetBytes(joined[i].ToString()));
        }
        return Encoding.UTF8.GetString(bytes.ToArray());
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
    }
}
