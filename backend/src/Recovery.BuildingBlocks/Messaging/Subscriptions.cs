using Microsoft.Extensions.DependencyInjection;
using Recovery.BuildingBlocks.Data;

namespace Recovery.BuildingBlocks.Messaging;

internal sealed record Subscription(
    string EventName,
    Type EventType,
    string SubscriberName,
    Type DbType,
    Func<IServiceProvider, object, EventEnvelope, CancellationToken, Task> Invoke);

/// <summary>Every subscriber of every event, known at start-up.</summary>
public sealed class SubscriptionRegistry
{
    private readonly List<Subscription> _subscriptions = [];
    private Dictionary<string, IReadOnlyList<Subscription>>? _byEvent;

    /// <summary>The subscribers of an event in the order they were registered (an index built on first use).</summary>
    internal IReadOnlyList<Subscription> For(string eventName)
    {
        var index = _byEvent ??= _subscriptions.GroupBy(s => s.EventName)
            .ToDictionary(g => g.Key, g => (IReadOnlyList<Subscription>)g.ToList(), StringComparer.Ordinal);
        return index.GetValueOrDefault(eventName) ?? [];
    }

    internal void Add(Subscription subscription)
    {
        _subscriptions.Add(subscription);
        _byEvent = null;
    }

    /// <summary>The names of the subscribers of an event (the backlog's gauges count what each still awaits).</summary>
    internal IEnumerable<string> SubscribersOf(string eventName) =>
        _subscriptions.Where(s => s.EventName == eventName).Select(s => s.SubscriberName);

    internal IEnumerable<string> SubscriberNames() => _subscriptions.Select(s => s.SubscriberName).Distinct();
}

public static class SubscriptionRegistration
{
    /// <summary>
    /// Subscribes <typeparamref name="TSubscriber"/> to <typeparamref name="TEvent"/>; it runs in a transaction on
    /// <typeparamref name="TDb"/>'s schema that also records the event in that schema's inbox.
    /// </summary>
    public static IServiceCollection AddSubscriber<TEvent, TSubscriber, TDb>(this IServiceCollection services)
        where TEvent : notnull
        where TSubscriber : class, IEventSubscriber<TEvent>
        where TDb : ModuleDb
    {
        var registry = services.Registry();
        services.AddScoped<TSubscriber>();
        registry.Add(new Subscription(
            EventTypes.NameOf(typeof(TEvent)),
            typeof(TEvent),
            typeof(TSubscriber).FullName!,
            typeof(TDb),
            (sp, e, envelope, ct) => sp.GetRequiredService<TSubscriber>().HandleAsync((TEvent)e, envelope, ct)));
        return services;
    }

    internal static SubscriptionRegistry Registry(this IServiceCollection services)
    {
        var existing = services.FirstOrDefault(d => d.ServiceType == typeof(SubscriptionRegistry))?.ImplementationInstance;
        if (existing is SubscriptionRegistry registry) return registry;
        registry = new SubscriptionRegistry();
        services.AddSingleton(registry);
        return registry;
    }
}
