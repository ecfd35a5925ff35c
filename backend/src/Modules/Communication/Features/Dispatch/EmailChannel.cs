using Microsoft.Extensions.Options;
using MimeKit;
using MimeKit.Text;

namespace Recovery.Communication.Features.Dispatch;

/// <summary>E-mail over SMTP (MailKit), HTML body, the message id in the Message-ID header; connections come from the pool.</summary>
internal sealed class EmailChannel(IOptions<CommunicationOptions> options, SmtpPool pool) : IChannel
{
    public string Name => "email";

    public async Task<string?> SendAsync(Outgoing message, CancellationToken ct)
    {
        var smtp = options.Value.Smtp;
        var id = $"{message.MessageId:N}@recovery";
        var mail = new MimeMessage { Subject = message.Subject ?? "", MessageId = id };
        mail.From.Add(new MailboxAddress(smtp.FromName, smtp.From));
        mail.To.Add(MailboxAddress.Parse(message.Recipient));
        var html = new TextPart(TextFormat.Html) { Text = message.Body };
        if (message.Attachment is { } file)
        {
            var builder = new BodyBuilder { HtmlBody = message.Body };
            builder.Attachments.Add(file.Name, file.Content, ContentType.Parse(file.ContentType));
            mail.Body = builder.ToMessageBody();
        }
        else mail.Body = html;
        await pool.SendAsync(mail, ct);
        return $"<{id}>";
    }
}
