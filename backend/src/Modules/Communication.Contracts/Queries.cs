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
/// window does not apply. Answers where it went (masked), or null when the debtor has no contact it may go to. The send
/// itself happens just after, off the caller's request, so the answer takes the same time whether or not it is sent.
/// </summary>
public sealed record SendAccessCode(Guid DebtorId, string Code, int ValidMinutes) : IRequest<AccessCodeSent?>;

/// <param name="Channel"><c>email</c> or <c>sms</c>.</param>
/// <param name="Recipient">The address or number, masked (<c>m***@example.com</c>).</param>
public sealed record AccessCodeSent(string Channel, string Recipient);
