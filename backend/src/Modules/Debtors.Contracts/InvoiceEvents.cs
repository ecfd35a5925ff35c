namespace Recovery.Debtors.Contracts;

/// <summary>
/// A payment was registered against an invoice (once per payment id). <paramref name="OutstandingCents"/> is what is
/// left after it; <paramref name="CreditCents"/> what was paid beyond the total and is kept as the debtor's credit.
/// </summary>
public sealed record PaymentReceived(
    Guid InvoiceId,
    Guid PartnerId,
    Guid DebtorId,
    string PaymentId,
    long AmountCents,
    DateOnly PaidAt,
    long OutstandingCents,
    long CreditCents,
    bool Settled);

/// <summary>The partner cancelled an invoice: collection on it stops at once.</summary>
public sealed record InvoiceCancelled(Guid InvoiceId, Guid PartnerId, Guid DebtorId, string Reason);

/// <summary>
/// Five years after its due date the debt is prescribed (Civil Code art. 206 §5 I): it may not be chased on any channel
/// nor reported to a bureau.
/// </summary>
public sealed record InvoicePrescribed(Guid InvoiceId, Guid PartnerId, Guid DebtorId, DateOnly DueDate);

/// <summary>
/// The partner reversed a payment (estorno: a returned boleto, a chargeback): <paramref name="AmountCents"/> is owed again
/// from <paramref name="ReversedOn"/>; what it recovered no longer counts.
/// </summary>
public sealed record PaymentReversed(Guid InvoiceId, Guid PartnerId, Guid DebtorId, string PaymentId, long AmountCents, DateOnly ReversedOn);
