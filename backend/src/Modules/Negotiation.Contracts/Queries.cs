using MediatR;

namespace Recovery.Negotiation.Contracts;

/// <summary>The promises to pay of these debtors that have not come due and been checked yet, earliest first.</summary>
public sealed record GetPendingPromises(IReadOnlyList<Guid> DebtorIds) : IRequest<IReadOnlyList<PendingPromise>>;

public sealed record PendingPromise(Guid PromiseId, Guid DebtorId, DateOnly DueDate, long PromisedCents);

/// <summary>
/// An agreement's installment as it stands now, with its Pix copia e cola when the agreement is in force and the
/// installment has one (none while the agreement waits for approval or after it was refused); null when there is no
/// such agreement or installment.
/// </summary>
public sealed record GetInstallmentPix(Guid AgreementId, int Number) : IRequest<InstallmentPixCode?>;

/// <param name="AgreementStatus">The agreement's status code (active, pending_approval, rejected, ...).</param>
/// <param name="Status">The installment's status code (open, paid, ...).</param>
public sealed record InstallmentPixCode(Guid AgreementId, Guid DebtorId, string AgreementStatus, int Number, DateOnly DueDate, long AmountCents,
    string Status, string? PixPayload);
