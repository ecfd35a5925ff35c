using MediatR;

namespace Recovery.Communication.Contracts;

/// <summary>
/// Whether a debtor in <paramref name="State"/> (UF; null when unknown) may be contacted at <paramref name="At"/> under the
/// contact-hour laws, Sundays and national holidays, as the dispatcher will judge it at the moment of sending.
/// </summary>
public sealed record GetContactWindow(string? State, DateTimeOffset At) : IRequest<ContactWindow>;

/// <param name="OpenNow">Contact is allowed at the moment asked.</param>
/// <param name="OpensAt">The moment asked when open; otherwise when the next allowed window opens.</param>
/// <param name="Reason">Why not now (pt-BR), null when open.</param>
public sealed record ContactWindow(bool OpenNow, DateTimeOffset OpensAt, string? Reason);

/// <summary>
/// Sends the self-service portal's one-time sign-in code to one of the debtor's own contacts (an e-mail first, else a
/// phone by SMS when an SMS provider is configured; never an opted-out one). The debtor asked for it, so the contact-hour
/// window does not apply. Answers where it goes (masked), or null when the debtor has no contact it may go to. The
/// message is written to Communication's queue of requested messages before the answer (a crash does not lose it) and
/// leaves just after, off the caller's request, so the answer takes the same time whether or not it is sent.
/// </summary>
public sealed record SendAccessCode(Guid DebtorId, string Code, int ValidMinutes) : IRequest<AccessCodeSent?>;

/// <param name="Channel"><c>email</c> or <c>sms</c>.</param>
/// <param name="Recipient">The address or number, masked (<c>m***@example.com</c>).</param>
public sealed record AccessCodeSent(string Channel, string Recipient);

/// <summary>
/// Sends the debtor's data-subject report (LGPD art. 18 II, art. 19 II), a PDF made by Debtors, to the debtor's own
/// e-mail on file (never an opted-out one), through the same durable queue as the sign-in codes. Answers where it goes
/// (masked), or null when there is no e-mail it may go to.
/// </summary>
public sealed record SendDataSubjectReport(Guid DebtorId, byte[] Pdf, string FileName) : IRequest<AccessCodeSent?>;

/// <summary>
/// The debtor asks, in the portal, to be called back at <paramref name="CallbackAt"/> on one of their phones
/// (<paramref name="ContactId"/>, else the first they may be called on). Refused (a field problem on <c>callbackAt</c>
/// naming the next lawful moment) when the law does not allow a call then. Publishes <see cref="CallbackRequested"/>.
/// </summary>
public sealed record RequestCallback(Guid DebtorId, DateTimeOffset CallbackAt, Guid? ContactId, string? Note) : IRequest<CallbackScheduled>;

/// <param name="Phone">The number to be called, masked.</param>
public sealed record CallbackScheduled(Guid CallbackId, DateTimeOffset CallbackAt, string Phone);

/// <summary>The debtor a message (of the dunning schedule or a reminder) was written for; null when there is no such message.</summary>
public sealed record FindMessageDebtor(Guid MessageId) : IRequest<Guid?>;
