using System.Net;
using System.Net.Http.Json;
using System.Net.Mail;
using System.Text;
using Microsoft.Extensions.Options;

namespace Recovery.Communication.Features.Dispatch;

/// <summary>A message ready to leave: the recipient resolved and the template rendered at dispatch.</summary>
internal sealed record Outgoing(Guid MessageId, string Channel, string Recipient, string? Subject, string Body, string Addressee, string? State);

/// <summary>A way out of the building. Returns the provider's id for the message, for its delivery callbacks.</summary>
internal interface IChannel
{
    string Name { get; }

    Task<string?> SendAsync(Outgoing message, CancellationToken ct);
}

internal sealed class CommunicationOptions
{
    public SmtpOptions Smtp { get; set; } = new();
    public ProviderOptions Sms { get; set; } = new();
    public ProviderOptions WhatsApp { get; set; } = new();

    /// <summary>Shared secret providers send in <c>X-Provider-Token</c> with delivery callbacks; callbacks are refused without it.</summary>
    public string? ProviderToken { get; set; }

    /// <summary>Where providers call back, e.g. <c>https://cobranca.example.com.br</c>; the callback path is appended.</summary>
    public string? PublicBaseUrl { get; set; }

    /// <summary>The payment link in messages, with <c>{invoiceId}</c> and <c>{externalId}</c> placeholders; empty when unset.</summary>
    public string? PaymentLink { get; set; }

    public TimeSpan DispatchInterval { get; set; } = TimeSpan.FromSeconds(2);
    public int BatchSize { get; set; } = 200;
    public int Concurrency { get; set; } = 8;
    public int MaxAttempts { get; set; } = 5;

    /// <summary>First retry after this; each next one after twice as long.</summary>
    public TimeSpan RetryBase { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>The local hour (Brasília) from which the daily run of the dunning schedules starts by itself.</summary>
    public int DailyRunHour { get; set; } = 7;

    /// <summary>A step whose day passed without a run is still planned this many days late (e.g. after a stop).</summary>
    public int CatchUpDays { get; set; } = 3;

    public sealed class SmtpOptions
    {
        public string Host { get; set; } = "localhost";
        public int Port { get; set; } = 25;
        public bool EnableSsl { get; set; }
        public string? User { get; set; }
        public string? Password { get; set; }
        public string From { get; set; } = "cobranca@recovery.local";
        public string FromName { get; set; } = "Recovery Cobrança";
    }

    public sealed class ProviderOptions
    {
        /// <summary>The provider's send endpoint; the channel fails (and retries) while it is unset.</summary>
        public string? Url { get; set; }
        public string? Token { get; set; }
    }
}

/// <summary>E-mail over SMTP, HTML body, the message id in the Message-ID header.</summary>
internal sealed class EmailChannel(IOptions<CommunicationOptions> options) : IChannel
{
    public string Name => "email";

    public async Task<string?> SendAsync(Outgoing message, CancellationToken ct)
    {
        var smtp = options.Value.Smtp;
        using var client = new SmtpClient(smtp.Host, smtp.Port) { EnableSsl = smtp.EnableSsl, DeliveryMethod = SmtpDeliveryMethod.Network };
        if (smtp.User is not null) client.Credentials = new NetworkCredential(smtp.User, smtp.Password);
        var id = $"<{message.MessageId:N}@recovery>";
        using var mail = new MailMessage(new MailAddress(smtp.From, smtp.FromName), new MailAddress(message.Recipient))
        {
            Subject = message.Subject ?? "",
            Body = message.Body,
            IsBodyHtml = true,
            BodyEncoding = Encoding.UTF8,
            SubjectEncoding = Encoding.UTF8,
        };
        mail.Headers.Add("Message-ID", id);
        await client.SendMailAsync(mail, ct);
        return id;
    }
}

/// <summary>
/// SMS or WhatsApp through an HTTP provider: <c>POST {url}</c> with <c>{ reference, channel, to, text, callbackUrl }</c>
/// and a bearer token; the provider answers <c>{ id }</c> and later calls back with the delivery state.
/// </summary>
internal sealed class ProviderChannel(string name, Func<CommunicationOptions, CommunicationOptions.ProviderOptions> pick,
    IHttpClientFactory http, IOptions<CommunicationOptions> options) : IChannel
{
    public string Name => name;

    public async Task<string?> SendAsync(Outgoing message, CancellationToken ct)
    {
        var provider = pick(options.Value);
        if (string.IsNullOrEmpty(provider.Url)) throw new InvalidOperationException($"No {name} provider is configured (Communication:{name}:Url).");
        using var request = new HttpRequestMessage(HttpMethod.Post, provider.Url)
        {
            Content = JsonContent.Create(new
            {
                reference = message.MessageId,
                channel = name,
                to = message.Recipient,
                text = message.Body,
                callbackUrl = $"{options.Value.PublicBaseUrl?.TrimEnd('/')}/api/v1/providers/{name}/callbacks",
            }),
        };
        if (provider.Token is not null) request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", provider.Token);
        using var response = await http.CreateClient("communication").SendAsync(request, ct);
        if (!response.IsSuccessStatusCode)
            throw new HttpRequestException($"{name} provider answered {(int)response.StatusCode}", null, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<ProviderAnswer>(ct);
        return body?.Id;
    }

    private sealed record ProviderAnswer(string? Id);
}
