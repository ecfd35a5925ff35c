using MediatR;

namespace Recovery.Negotiation.Contracts;

/// <summary>
/// The debtor's open debts valued today by Negotiation's valuation (rules.md), for the self-service portal. Null when
/// the debtor does not exist.
/// </summary>
public sealed record GetDebtorValuation(Guid DebtorId) : IRequest<DebtorValuation?>;

public sealed record DebtorValuation(DateOnly AsOf, IReadOnlyList<ValuedDebt> Items);

/// <param name="AmountCents">The debt's original amount; <paramref name="TotalCents"/> what it is worth today.</param>
public sealed record ValuedDebt(Guid InvoiceId, Guid PartnerId, Guid PortfolioId, string ExternalId, string? Description, DateOnly DueDate,
    long AmountCents, long TotalCents, int DaysLate);

/// <summary>
/// The plans the debtor may take alone for these debts (their own, open, of one creditor, in no agreement): paying in
/// full now with the cash discount, and installment plans, each priced by the portfolio's policy and within its
/// self-service authority (below the agent's), never one that breaks a rule. Throws a 404 problem when a debt is not the
/// debtor's; a 409 problem when one cannot be negotiated.
/// </summary>
public sealed record GetSelfServiceOffers(Guid DebtorId, IReadOnlyList<Guid> InvoiceIds) : IRequest<IReadOnlyList<SelfServiceOffer>>;

/// <summary>
/// One plan: <paramref name="Installments"/> after a <paramref name="DownPaymentCents"/> (0 when none; one installment and
/// no down payment is paying in full), the discount as a percentage of the valuation, the CET, the total.
/// <paramref name="Warning"/>: the mínimo existencial warning (Lei 14.181/2021) when the installment leaves the debtor
/// less than it, from the income they declared; null otherwise.
/// </summary>
public sealed record SelfServiceOffer(
    int Installments, long DownPaymentCents, long InstallmentCents, long TotalCents, long ValuationCents, long DiscountCents,
    decimal DiscountPercent, decimal CetMonthly, decimal CetYearly, DateOnly FirstDueDate, string? Warning);

/// <summary>
/// The debtor takes a plan from <see cref="GetSelfServiceOffers"/>: priced again now and refused (422) unless it is still
/// within the self-service authority and breaks no rule; made active at once, with a Pix per installment.
/// </summary>
public sealed record CreateSelfServiceAgreement(
    Guid DebtorId, IReadOnlyList<Guid> InvoiceIds, long DownPaymentCents, int Installments, DateOnly FirstDueDate, decimal DiscountPercent)
    : IRequest<SelfServiceAgreement>;

public sealed record SelfServiceAgreement(
    Guid Id, string Status, DateOnly AgreementDate, long ValuationCents, long DiscountCents, long TotalCents, long DownPaymentCents,
    int Installments, decimal CetMonthly, decimal CetYearly, IReadOnlyList<SelfServiceInstallment> Schedule);

/// <param name="PixPayload">The Pix copia e cola (BR Code) of the installment, null when the portfolio has no Pix key.</param>
public sealed record SelfServiceInstallment(int Number, DateOnly DueDate, long AmountCents, string? PixPayload);

/// <summary>The terms of one of the debtor's agreements as a PDF; null when the agreement is not theirs.</summary>
public sealed record GetDebtorAgreementTerms(Guid DebtorId, Guid AgreementId) : IRequest<DebtorDocument?>;

public sealed record DebtorDocument(byte[] Content, string FileName);

/// <summary>The debtor promises in the portal to pay an amount by a date; checked when it comes due like an agent's record.</summary>
public sealed record MakeDebtorPromise(Guid DebtorId, long AmountCents, DateOnly DueDate) : IRequest<Guid>;
