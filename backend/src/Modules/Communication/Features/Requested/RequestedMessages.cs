using Recovery.BuildingBlocks.Data;
using Recovery.Communication.Features.Dispatch;

namespace Recovery.Communication.Features.Requested;

/// <summary>
/// The durable queue of messages a debtor asked for in the portal (ADR 0025): a sign-in code, the data-subject report.
/// They are not charges, so the contact law's queue (<c>communication.message</c>) and its dispatcher do not take them;
/// they are written here before the request is answered and leave through <see cref="RequestedMessageSender"/>.
/// </summary>
internal static class RequestedMessages
{
    public const string AccessCode = "access_code";
    public const string DataSubjectReport = "data_subject_report";

    public static Task EnqueueAsync(DbSession tx, Guid debtorId, string kind, Outgoing message, DateTimeOffset now, DateTimeOffset expiresAt) =>
        tx.ExecuteAsync(
            """
            INSERT INTO communication.requested_message (id, debtor_id, kind, channel, recipient, subject, body, attachment_name, attachment,
                                                         status, attempts, not_before, expires_at, created_at)
            VALUES (@Id, @DebtorId, @Kind, @Channel, @Recipient, @Subject, @Body, @AttachmentName, @Attachment, 'queued', 0, @Now, @ExpiresAt, @Now)
            """,
            new
            {
                Id = message.MessageId, DebtorId = debtorId, Kind = kind, message.Channel, message.Recipient, message.Subject, message.Body,
                AttachmentName = message.Attachment?.Name, Attachment = message.Attachment?.Content, Now = now, ExpiresAt = expiresAt,
            });

    public static string Mask(string value, string channel)
    {
        if (channel == "email" && value.IndexOf('@') is var at and > 0) return value[0] + "***" + value[at..];
        return value.Length <= 4 ? "****" : new string('*', value.Length - 4) + value[^4..];
    }
}
