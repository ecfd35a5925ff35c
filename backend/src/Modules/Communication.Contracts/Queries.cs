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
