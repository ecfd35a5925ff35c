using System.Net;
using System.Threading.Channels;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Recovery.Communication.Contracts;
using Recovery.Communication.Features.Dispatch;
using Recovery.Debtors.Contracts;

namespace Recovery.Communication.Features.Access;

/// <summary>
/// Picks the contact for a portal sign-in code and hands the message to <see cref="AccessCodeSender"/>: the caller's
/// request never waits for a mail server, so its time says nothing of whether the debtor exists.
/// </summary>
internal sealed class SendAccessCodeHandler(IMediator mediator, AccessCodeQueue queue, IOptions<CommunicationOptions> options)
    : IRequestHandler<SendAccessCode, AccessCodeSent?>
{
    public async Task<AccessCodeSent?> Handle(SendAccessCode request, CancellationToken ct)
    {
        if (await mediator.Send(new GetDebtorContacts(request.DebtorId), ct) is not { } debtor) return null;
        var usable = debtor.Contacts.Where(c => !c.OptedOut).ToList();
        var email = usable.FirstOrDefault(c => c.Channel == "email");
        var phone = string.IsNullOrEmpty(options.Value.Sms.Url) ? null : usable.FirstOrDefault(c => c.Channel == "phone");
        var text = $"Seu código de acesso ao portal de negociação é {request.Code}. Ele vale por {request.ValidMinutes} minutos e só pode ser usado uma vez. " +
                   "Não compartilhe este código com ninguém; nós nunca o pedimos por telefone.";
        Outgoing message;
        if (email is not null)
            message = new Outgoing(Guid.CreateVersion7(), "email", email.Value, $"Seu código de acesso: {request.Code}",
                $"<p>Olá, {WebUtility.HtmlEncode(debtor.Name)}.</p><p>{WebUtility.HtmlEncode(text)}</p>" +
                "<p>Se você não pediu este código, ignore esta mensagem.</p>", debtor.Name, debtor.State);
        else if (phone is not null)
            message = new Outgoing(Guid.CreateVersion7(), "sms", phone.Value, null, text, debtor.Name, debtor.State);
        else return null;
        queue.Enqueue(message);
        return new AccessCodeSent(message.Channel, Mask(message.Recipient, message.Channel));
    }

    private static string Mask(string value, string channel)
    {
        if (channel == "email" && value.IndexOf('@') is var at and > 0) return value[0] + "***" + value[at..];
        return value.Length <= 4 ? "****" : new string('*', value.Length - 4) + value[^4..];
    }
}

/// <summary>The sign-in codes waiting to leave (in memory: a code lost in a crash is asked for again).</summary>
internal sealed class AccessCodeQueue
{
    private readonly Channel<Outgoing> _channel = Channel.CreateBounded<Outgoing>(new BoundedChannelOptions(10_000)
        { FullMode = BoundedChannelFullMode.DropOldest });

    public void Enqueue(Outgoing message) => _channel.Writer.TryWrite(message);

    public ChannelReader<Outgoing> Reader => _channel.Reader;
}

/// <summary>Sends the queued sign-in codes through the real channels, a few at a time; a failure is logged, not retried.</summary>
internal sealed class AccessCodeSender(AccessCodeQueue queue, IEnumerable<IChannel> channels, ILogger<AccessCodeSender> logger) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Parallel.ForEachAsync(queue.Reader.ReadAllAsync(stoppingToken), new ParallelOptions { MaxDegreeOfParallelism = 4, CancellationToken = stoppingToken },
            async (message, ct) =>
            {
                try
                {
                    using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
                    timeout.CancelAfter(TimeSpan.FromSeconds(30));
                    await channels.Single(c => c.Name == message.Channel).SendAsync(message, timeout.Token);
                }
                catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
                {
                    logger.LogWarning("A portal sign-in code could not be sent by {Channel}: {Error}", message.Channel, ex.GetType().Name);
                }
            });
}
