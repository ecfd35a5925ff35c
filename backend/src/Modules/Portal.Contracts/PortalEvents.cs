namespace Recovery.Portal.Contracts;

/// <summary>
/// A debtor signed in to the portal: <paramref name="Via"/> <c>code</c> (a one-time code) or <c>link</c> (a signed link
/// from a message). The portal funnel counts the debtors who did.
/// </summary>
public sealed record PortalSessionStarted(Guid DebtorId, string Via, DateTimeOffset At);

/// <summary>
/// The debtor was shown offers for <paramref name="InvoiceIds"/> (<paramref name="Offers"/> of them, none when no plan
/// is within the self-service authority). The portal funnel counts the debtors who saw at least one.
/// </summary>
public sealed record PortalOffersShown(Guid DebtorId, IReadOnlyList<Guid> InvoiceIds, int Offers, DateTimeOffset At);
