using System.Net;
using System.Net.Mail;
using System.Text;
using Microsoft.Extensions.Options;

namespace Recovery.Communication.Features.Dispatch;

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
