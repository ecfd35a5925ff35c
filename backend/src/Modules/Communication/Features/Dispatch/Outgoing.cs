namespace Recovery.Communication.Features.Dispatch;

/// <summary>A message ready to leave: the recipient resolved and the template rendered at dispatch.</summary>
internal sealed record Outgoing(Guid MessageId, string Channel, string Recipient, string? Subject, string Body, string Addressee, string? State);
