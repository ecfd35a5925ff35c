namespace Recovery.Communication.Contracts;

/// <summary>
/// Something happened to a message to a debtor: sent, delivered, failed, blocked (with the rule), deferred (until when
/// and why) or cancelled. Each lands in the debtor's timeline.
/// </summary>
public sealed record MessageAttempted(Guid MessageId, Guid DebtorId, Guid? InvoiceId, string Channel, string Outcome, string Detail);

/// <summary>The debt was registered with the credit bureau after the notice and the waiting period.</summary>
public sealed record NegativacaoRegistered(Guid NegativacaoId, Guid InvoiceId, Guid DebtorId, Guid PartnerId, string Protocol);

/// <summary>
/// The registration was removed: paid, in agreement, cancelled, prescribed or five years old. <paramref name="Late"/>
/// when it came after the five business days of STJ Súmula 548.
/// </summary>
public sealed record NegativacaoRemoved(Guid NegativacaoId, Guid InvoiceId, Guid DebtorId, Guid PartnerId, string Reason, bool Late);
