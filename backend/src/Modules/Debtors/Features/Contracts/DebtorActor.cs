namespace Recovery.Debtors.Features.Contracts;

/// <summary>The debtor as the actor of a timeline entry written from an event (the portal's agreements).</summary>
internal sealed class DebtorActor(Guid debtorId, string? name) : ICurrentActor
{
    public ActorKind Kind => ActorKind.Debtor;
    public Guid? Id => debtorId;
    public string Name => $"Devedor: {name ?? debtorId.ToString()}";
    public string? Role => Roles.Debtor;
    public Guid? PartnerId => null;
    public string? IpAddress => null;
}
