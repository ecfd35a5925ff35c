namespace Recovery.Communication.Contracts;

/// <summary>
/// Something happened to a message to a debtor: sent, delivered, failed, blocked (with the rule), deferred (until when
/// and why) or cancelled. Each lands in the debtor's timeline.
/// </summary>
public sealed record MessageAttempted(Guid MessageId, Guid DebtorId, Guid? InvoiceId, string Channel, string Outcome, string Detail);
