namespace Recovery.Debtors.Contracts;

/// <summary>The debtor asked not to be contacted on this channel and address any more: every channel stops on opt-out.</summary>
public sealed record ContactOptedOut(Guid DebtorId, Guid ContactId, string Channel, string Value);
