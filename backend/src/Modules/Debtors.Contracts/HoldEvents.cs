namespace Recovery.Debtors.Contracts;

/// <summary>
/// Collection must stop for the debtor (or only for <paramref name="InvoiceId"/>): dispute, hardship, deceased, lawsuit
/// or do-not-contact, until it is lifted or <paramref name="EndsOn"/> passes.
/// </summary>
public sealed record HoldPlaced(Guid HoldId, Guid DebtorId, Guid? InvoiceId, string Kind, DateOnly? EndsOn);

/// <summary>A hold no longer applies.</summary>
public sealed record HoldLifted(Guid HoldId, Guid DebtorId, Guid? InvoiceId, string Kind);
