namespace Recovery.Communication.Contracts;

/// <summary>
/// The debtor asked in the portal to be called back at <paramref name="CallbackAt"/>, a lawful moment: Debtors puts it in
/// the timeline and makes it the debtor's callback in the agents' work queue (as an agent's callback is); partners that
/// subscribed get <c>callback.requested</c>.
/// </summary>
public sealed record CallbackRequested(Guid CallbackId, Guid DebtorId, string Phone, DateTimeOffset CallbackAt, string? Note, DateTimeOffset RequestedAt);

/// <summary>
/// A message the debtor asked for left: <paramref name="Kind"/> <c>access_code</c> (a portal sign-in code) or
/// <c>data_subject_report</c>; <paramref name="Channel"/> <c>email</c> or <c>sms</c>. The portal funnel counts the codes.
/// </summary>
public sealed record RequestedMessageSent(Guid MessageId, Guid DebtorId, string Kind, string Channel, DateTimeOffset SentAt);
