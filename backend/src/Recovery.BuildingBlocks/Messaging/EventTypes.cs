using System.Text.Json;

namespace Recovery.BuildingBlocks.Messaging;

/// <summary>How an integration event is named in an outbox row and serialised.</summary>
public static class EventTypes
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>The stable name of an event type: its full name. Renaming an event type is a breaking change.</summary>
    public static string NameOf(Type type) => type.FullName ?? type.Name;
}

/// <summary>What a subscriber knows about the event besides its content.</summary>
public sealed record EventEnvelope(Guid EventId, string SourceSchema, DateTimeOffset OccurredAt);

/// <summary>Handles another module's event inside its own module's transaction, exactly once per event.</summary>
public interface IEventSubscriber<in TEvent>
{
    Task HandleAsync(TEvent @event, EventEnvelope envelope, CancellationToken ct);
}

/// <summary>Wakes the outbox dispatcher as soon as a transaction that published events commits.</summary>
public sealed class OutboxSignal
{
    private readonly SemaphoreSlim _semaphore = new(0, 1);

    public void Notify()
    {
        try { _semaphore.Release(); }
        catch (SemaphoreFullException) { }  // already signalled
    }

    public Task<bool> WaitAsync(TimeSpan timeout, CancellationToken ct) => _semaphore.WaitAsync(timeout, ct);
}
