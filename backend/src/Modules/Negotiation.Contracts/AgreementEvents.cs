namespace Recovery.Negotiation.Contracts;

/// <summary>
/// An agreement was made (status <c>active</c>, or <c>pending_approval</c> when above its creator's authority).
/// <paramref name="CreatedBy"/> is the agent's name (null in events written before it was added);
/// <paramref name="CreatedByKind"/> who made it: <c>user</c> (a person), <c>debtor</c> (the debtor, in the self-service
/// portal), <c>partner</c> or <c>system</c> (null in events written before it was added: a person).
/// </summary>
public sealed record AgreementCreated(
    Guid AgreementId, Guid DebtorId, Guid PartnerId, IReadOnlyList<Guid> InvoiceIds, AgreementStatus Status, long TotalCents,
    long DownPaymentCents, int Installments, DateOnly AgreementDate, string? CreatedBy = null, string? CreatedByKind = null);

/// <summary>
/// The agreement is in force: made within its creator's authority, or approved. The debtor signed, which acknowledges
/// the debts (Civil Code art. 202: prescription is interrupted once). <paramref name="PortfolioId"/> is the agreement's
/// portfolio and <paramref name="Schedule"/> its installments as they stand at activation (number 0 is the down
/// payment); both are null in events written before they were added.
/// </summary>
public sealed record AgreementActivated(Guid AgreementId, Guid DebtorId, Guid PartnerId, IReadOnlyList<Guid> InvoiceIds, DateOnly AgreementDate,
    Guid? PortfolioId = null, IReadOnlyList<ScheduledInstallment>? Schedule = null);

/// <summary>An installment of an agreement: its number (0 is the down payment), due date, amount and what was paid of it.</summary>
public sealed record ScheduledInstallment(int Number, DateOnly DueDate, long AmountCents, long PaidCents);

/// <summary>A supervisor or administrator approved an agreement above its creator's authority.</summary>
public sealed record AgreementApproved(Guid AgreementId, Guid DebtorId, Guid PartnerId, string ApprovedBy);

/// <summary>Every installment was paid: the debts are settled by the agreement.</summary>
public sealed record AgreementCompleted(Guid AgreementId, Guid DebtorId, Guid PartnerId, IReadOnlyList<Guid> InvoiceIds, long PaidCents);

/// <summary>
/// An installment stayed unpaid beyond the tolerance: the original debts come back. <paramref name="Credits"/> are the
/// payments made under the agreement outside the debts' own payment records (agents, Pix), allocated to the debts.
/// </summary>
public sealed record AgreementBroken(Guid AgreementId, Guid DebtorId, Guid PartnerId, IReadOnlyList<Guid> InvoiceIds,
    IReadOnlyList<AgreementCredit> Credits, int MissedInstallment);

/// <summary>
/// The agreement was cancelled (<paramref name="Status"/> <c>cancelled</c>) or its approval refused (<c>rejected</c>):
/// the debts come back, with what was paid credited.
/// </summary>
public sealed record AgreementCancelled(Guid AgreementId, Guid DebtorId, Guid PartnerId, IReadOnlyList<Guid> InvoiceIds,
    IReadOnlyList<AgreementCredit> Credits, AgreementStatus Status, string Reason);

/// <summary>A payment made under an agreement, credited to one of its debts.</summary>
public sealed record AgreementCredit(Guid InvoiceId, string PaymentId, long AmountCents, DateOnly PaidAt);

/// <summary>An installment (number 0 is the down payment) was paid in full.</summary>
public sealed record InstallmentPaid(Guid AgreementId, Guid DebtorId, Guid PartnerId, int Number, long AmountCents, DateOnly PaidAt, string Source);

/// <summary>An agent recorded the debtor's promise to pay an amount by a date.</summary>
public sealed record PromiseMade(Guid PromiseId, Guid DebtorId, long PromisedCents, DateOnly DueDate, string CreatedBy);

/// <summary>A promise to pay came due: kept (paid in full by its date), partial, or broken.</summary>
public sealed record PromiseChecked(Guid PromiseId, Guid DebtorId, PromiseOutcome Outcome, long PromisedCents, long PaidCents, DateOnly DueDate);
