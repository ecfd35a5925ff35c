namespace Recovery.Communication.Contracts;

/// <summary>
/// Something happened to a message to a debtor: sent, delivered, failed, blocked (with the rule), deferred (until when
/// and why) or cancelled. Each lands in the debtor's timeline. <paramref name="StepKey"/> names the schedule step that
/// planned it (null for messages queued by hand); <paramref name="Agent"/> the agent who recorded the outcome of a call
/// or a letter (null otherwise). Both are null in events written before they were added. A reminder of an agreement's
/// installment names <paramref name="AgreementId"/> and <paramref name="InstallmentNumber"/> (its <paramref name="StepKey"/>
/// is then a step of the agreement reminders, not of the dunning schedule); both are null otherwise.
/// </summary>
public sealed record MessageAttempted(Guid MessageId, Guid DebtorId, Guid? InvoiceId, string Channel, MessageOutcome Outcome, string Detail,
    string? StepKey = null, string? Agent = null, Guid? AgreementId = null, int? InstallmentNumber = null);

/// <summary>
/// The prior written notice of a negativação left (CDC art. 43 §2): the debt may be registered from
/// <paramref name="EligibleOn"/> if still open.
/// </summary>
public sealed record NegativacaoNotified(Guid NegativacaoId, Guid InvoiceId, Guid DebtorId, Guid PartnerId, DateOnly EligibleOn);

/// <summary>The debt was registered with the credit bureau after the notice and the waiting period.</summary>
public sealed record NegativacaoRegistered(Guid NegativacaoId, Guid InvoiceId, Guid DebtorId, Guid PartnerId, string Protocol);

/// <summary>
/// The registration was removed: paid, in agreement, cancelled, prescribed or five years old. <paramref name="Late"/>
/// when it came after the five business days of STJ Súmula 548.
/// </summary>
public sealed record NegativacaoRemoved(Guid NegativacaoId, Guid InvoiceId, Guid DebtorId, Guid PartnerId, string Reason, bool Late);

/// <summary>What happened to a message at one attempt, serialised as its code.</summary>
[System.Text.Json.Serialization.JsonConverter(typeof(System.Text.Json.Serialization.JsonStringEnumConverter<MessageOutcome>))]
public enum MessageOutcome
{
    [System.Text.Json.Serialization.JsonStringEnumMemberName("sent")] Sent,
    [System.Text.Json.Serialization.JsonStringEnumMemberName("delivered")] Delivered,
    [System.Text.Json.Serialization.JsonStringEnumMemberName("failed")] Failed,
    [System.Text.Json.Serialization.JsonStringEnumMemberName("retry")] Retry,
    [System.Text.Json.Serialization.JsonStringEnumMemberName("deferred")] Deferred,
    [System.Text.Json.Serialization.JsonStringEnumMemberName("blocked")] Blocked,
    [System.Text.Json.Serialization.JsonStringEnumMemberName("cancelled")] Cancelled,
}

/// <summary>
/// The provider reported a message undeliverable to <paramref name="Recipient"/> (a bounce): Debtors marks that contact
/// invalid, and it is neither tried nor added again.
/// </summary>
/// <param name="Channel">The message's channel: <c>email</c>, <c>sms</c> or <c>whatsapp</c>.</param>
public sealed record MessageBounced(Guid MessageId, Guid DebtorId, string Channel, string Recipient, string Detail);
