using MediatR;

namespace Recovery.Negotiation.Contracts;

/// <summary>The promises to pay of these debtors that have not come due and been checked yet, earliest first.</summary>
public sealed record GetPendingPromises(IReadOnlyList<Guid> DebtorIds) : IRequest<IReadOnlyList<PendingPromise>>;

public sealed record PendingPromise(Guid PromiseId, Guid DebtorId, DateOnly DueDate, long PromisedCents);
