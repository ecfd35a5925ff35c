namespace Recovery.Debtors.Contracts;

/// <summary>
/// The debtor's retention ended (every debt closed for longer than the retention period, no lawsuit hold) and Debtors
/// anonymised what it holds on them (LGPD art. 16). Every module that keeps personal data on the debtor erases it too,
/// keeping only the figures (amounts, dates, statuses) that reports and the audit need.
/// </summary>
public sealed record DebtorAnonymised(Guid DebtorId, DateOnly ClosedSince);
