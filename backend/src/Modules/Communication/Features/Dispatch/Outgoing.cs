namespace Recovery.Communication.Features.Dispatch;

/// <summary>A message ready to leave: the recipient resolved and the template rendered at dispatch.</summary>
internal sealed record Outgoing(Guid MessageId, string Channel, string Recipient, string? Subject, string Body, string Addressee, string? State,
    Attachment? Attachment = null);

/// <summary>A file sent with an e-mail (the data-subject report's PDF).</summary>
internal sealed record Attachment(string Name, string ContentType, byte[] Content);
