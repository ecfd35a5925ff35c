namespace Recovery.Debtors.Contracts;

/// <summary>
/// A partner pushed an invoice that was new (<paramref name="Created"/>) or changed its amount, dates or terms. The
/// debt's state (status, outstanding, credit) is published by <see cref="DebtStateChanged"/>, which copies follow.
/// <paramref name="PortfolioCode"/> is the partner's code of the portfolio (null in events written before it was added).
/// </summary>
public sealed record InvoiceReceived(
    Guid InvoiceId,
    Guid PartnerId,
    Guid PortfolioId,
    Guid DebtorId,
    string ExternalId,
    DebtStatus Status,
    long AmountCents,
    long OutstandingCents,
    DateOnly? IssueDate,
    DateOnly DueDate,
    int FineBasisPoints,
    int MonthlyInterestBasisPoints,
    string CorrectionIndex,
    bool Consumer,
    bool Created,
    string? PortfolioCode = null);

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
