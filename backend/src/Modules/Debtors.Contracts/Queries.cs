using MediatR;

namespace Recovery.Debtors.Contracts;

/// <summary>
/// A debtor and the debts that other modules price and negotiate, with every payment registered against them. Null when
/// the debtor does not exist. <paramref name="InvoiceIds"/> narrows the debts; null means all of the debtor's debts.
/// </summary>
public sealed record GetDebtorDebts(Guid DebtorId, IReadOnlyCollection<Guid>? InvoiceIds = null) : IRequest<DebtorDebts?>;

/// <param name="Document">CPF (digits) or CNPJ (digits and upper-case letters), without punctuation.</param>
public sealed record DebtorDebts(Guid DebtorId, string Name, string Document, long? MonthlyIncomeCents, IReadOnlyList<Debt> Debts);

/// <summary>
/// A debt as its contract says: principal, due date, terms (basis points: 200 = 2%) and the payments made.
/// <paramref name="LegalInterest"/>: the contract agreed no interest rate, so the legal rate applies (Lei 14.905/2024)
/// and <paramref name="MonthlyInterestBasisPoints"/> says nothing.
/// </summary>
public sealed record Debt(
    Guid InvoiceId,
    Guid PartnerId,
    Guid PortfolioId,
    string ExternalId,
    DebtStatus Status,
    long AmountCents,
    DateOnly DueDate,
    int FineBasisPoints,
    int MonthlyInterestBasisPoints,
    string CorrectionIndex,
    bool Consumer,
    string? Description,
    IReadOnlyList<DebtPayment> Payments,
    bool LegalInterest = false);

public sealed record DebtPayment(string PaymentId, long AmountCents, DateOnly PaidAt);

/// <summary>A partner's portfolio; null when none has this id.</summary>
public sealed record GetPortfolio(Guid PortfolioId) : IRequest<PortfolioSummary?>;

public sealed record PortfolioSummary(Guid Id, Guid PartnerId, string Code, string Name);

/// <summary>
/// Who a message may go to: the debtor's own contacts (opted-out ones flagged), the state (UF) that decides the contact
/// window, and the postal address for letters. Null when the debtor does not exist.
/// </summary>
public sealed record GetDebtorContacts(Guid DebtorId) : IRequest<DebtorContacts?>;

/// <summary>
/// The same as <see cref="GetDebtorContacts"/> for many debtors in one question (the dispatcher's batch); debtors that do
/// not exist are left out of the answer.
/// </summary>
public sealed record GetContactsOfDebtors(IReadOnlyCollection<Guid> DebtorIds) : IRequest<IReadOnlyList<DebtorContacts>>;

/// <param name="State">UF of the address, null when unknown (the default contact window applies).</param>
public sealed record DebtorContacts(Guid DebtorId, string Name, string Document, string? State, string? PostalAddress,
    IReadOnlyList<DebtorContact> Contacts);

/// <param name="Channel"><c>email</c> or <c>phone</c>.</param>
public sealed record DebtorContact(Guid Id, string Channel, string Value, bool OptedOut);

/// <summary>
/// The debtor with this CPF or CNPJ (normalised: digits and upper-case letters, no punctuation), for the self-service
/// portal's sign-in; null when there is none (or it was anonymised).
/// </summary>
public sealed record FindDebtorByDocument(string Document) : IRequest<DebtorIdentity?>;

public sealed record DebtorIdentity(Guid DebtorId, string Name);

/// <summary>
/// The debtor disputes a debt (or all of them) from the portal: a <c>dispute</c> hold with the reason, which stops
/// collection until lifted. Answers the hold's id; null when the debtor or the invoice is not theirs.
/// </summary>
public sealed record PlaceDisputeHold(Guid DebtorId, Guid? InvoiceId, string Reason) : IRequest<Guid?>;

/// <summary>The debtor asks not to be contacted at one of their own contacts. False when the contact is not theirs.</summary>
public sealed record OptOutOwnContact(Guid DebtorId, Guid ContactId, string? Reason) : IRequest<bool>;

/// <summary>
/// The debtor asks in the portal for their data-subject report (LGPD art. 18 II): Debtors makes it (the same report as
/// the privacy officer's, and in the access log), has Communication e-mail it to the debtor's own e-mail on file, and
/// writes the request in the timeline. Answers the masked address, or null when there is no e-mail it may go to.
/// </summary>
public sealed record SendOwnDataSubjectReport(Guid DebtorId) : IRequest<string?>;
