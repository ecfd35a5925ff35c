namespace Recovery.Communication.Features.Dispatch;

/// <summary>A way out of the building. Returns the provider's id for the message, for its delivery callbacks.</summary>
internal interface IChannel
{
    string Name { get; }

    Task<string?> SendAsync(Outgoing message, CancellationToken ct);
}
