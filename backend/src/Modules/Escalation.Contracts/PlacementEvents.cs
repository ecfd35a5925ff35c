namespace Recovery.Escalation.Contracts;

/// <summary>
/// Debts handed to a collection agency from <paramref name="StartsAt"/> until <paramref name="EndsAt"/> (or an earlier
/// recall, <see cref="PlacementEnded"/>): the agency's people see them, and only them, while it lasts.
/// </summary>
public sealed record DebtsPlaced(Guid PlacementId, Guid AgencyId, DateTimeOffset StartsAt, DateTimeOffset EndsAt, IReadOnlyList<Guid> InvoiceIds);

/// <summary>A placement ended: recalled by a supervisor, or expired. <paramref name="Reason"/> is the stable code.</summary>
public sealed record PlacementEnded(Guid PlacementId, Guid AgencyId, DateTimeOffset EndedAt, string Reason);
