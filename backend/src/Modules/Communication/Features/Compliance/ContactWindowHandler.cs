namespace Recovery.Communication.Features.Compliance;

/// <summary>Answers other modules (the agents' work queue) with the same calendar the dispatcher applies.</summary>
internal sealed class ContactWindowHandler(ContactCalendar calendar) : IRequestHandler<Contracts.GetContactWindow, Contracts.ContactWindow>
{
    public Task<Contracts.ContactWindow> Handle(Contracts.GetContactWindow query, CancellationToken ct)
    {
        var (at, reason) = calendar.NextAllowed(query.At, query.State);
        return Task.FromResult(at == query.At ? new Contracts.ContactWindow(true, at, null) : new Contracts.ContactWindow(false, at, reason));
    }
}
