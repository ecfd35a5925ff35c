using Microsoft.Extensions.Options;
using System.Collections.Concurrent;
using MailKit;
using MailKit.Net.Smtp;
using MailKit.Security;
using MimeKit;

namespace Recovery.Communication.Features.Dispatch;

/// <summary>
/// Open SMTP connections kept for the next message, as many as the dispatch sends at once: a connection (TCP, EHLO,
/// STARTTLS, AUTH) per message bounded e-mail at a few hundred a second. A connection idle longer than
/// <see cref="CheckAfter"/> is checked with NOOP before use (servers drop idle clients); one that failed is closed and
/// never reused. A message is never sent twice by the pool: a failure reaches the dispatch, whose retry rules decide.
/// </summary>
internal sealed class SmtpPool(IOptions<CommunicationOptions> options, TimeProvider clock) : IAsyncDisposable
{
    private static readonly TimeSpan CheckAfter = TimeSpan.FromSeconds(30);
    private readonly ConcurrentBag<(SmtpClient Client, DateTimeOffset IdleSince)> _idle = [];

    public async Task SendAsync(MimeMessage message, CancellationToken ct)
    {
        var client = await RentAsync(ct);
        try
        {
            await client.SendAsync(message, ct);
        }
        catch
        {
            await CloseAsync(client);
            throw;
        }
        if (_idle.Count < Math.Max(1, options.Value.Concurrency)) _idle.Add((client, clock.GetUtcNow()));
        else await CloseAsync(client);
    }

    private async Task<SmtpClient> RentAsync(CancellationToken ct)
    {
        while (_idle.TryTake(out var idle))
        {
            if (!idle.Client.IsConnected) { idle.Client.Dispose(); continue; }
            if (clock.GetUtcNow() - idle.IdleSince < CheckAfter) return idle.Client;
            try
            {
                await idle.Client.NoOpAsync(ct);
                return idle.Client;
            }
            catch (Exception ex) when (ex is IOException or ServiceNotConnectedException or SmtpCommandException or SmtpProtocolException)
            {
                await CloseAsync(idle.Client);
            }
        }
        var smtp = options.Value.Smtp;
        var client = new SmtpClient();
        try
        {
            var security = !smtp.EnableSsl ? SecureSocketOptions.None : smtp.Port == 465 ? SecureSocketOptions.SslOnConnect : SecureSocketOptions.StartTls;
            await client.ConnectAsync(smtp.Host, smtp.Port, security, ct);
            if (smtp.User is not null) await client.AuthenticateAsync(smtp.User, smtp.Password ?? "", ct);
            return client;
        }
        catch
        {
            client.Dispose();
            throw;
        }
    }

    private static async Task CloseAsync(SmtpClient client)
    {
        try
        {
            if (client.IsConnected) await client.DisconnectAsync(quit: true, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(2));
        }
        catch (Exception) { /* the connection is going away either way */ }
        client.Dispose();
    }

    public async ValueTask DisposeAsync()
    {
        while (_idle.TryTake(out var idle)) await CloseAsync(idle.Client);
    }
}
