using System.Collections.Immutable;

namespace Flamenco.Manager.Events;

/// <summary>
/// The Manager's one in-process event bus: job, task, worker, tag, log and last-rendered updates (the spec's Event*
/// payloads) go here, and sinks (web UI push, MQTT, webhooks) subscribe. Publishing never fails because of a sink:
/// a throwing subscriber is logged and the others still get the event.
/// </summary>
public sealed class EventBus(ILogger<EventBus> logger)
{
    private ImmutableArray<Subscription> _subscriptions = [];

    public void Publish<T>(T message) where T : class
    {
        foreach (var subscription in _subscriptions)
        {
            if (subscription.Accepts(message))
            {
                try
                {
                    subscription.Deliver(message);
                }
                catch (Exception e)
                {
                    logger.LogError(e, "Event subscriber failed on {Event}", typeof(T).Name);
                }
            }
        }
    }

    /// <summary>Delivers every <typeparamref name="T"/> published until the returned handle is disposed.</summary>
    public IDisposable Subscribe<T>(Action<T> handler) where T : class
    {
        var subscription = new Subscription(m => m is T, m => handler((T)m));
        ImmutableInterlocked.Update(ref _subscriptions, s => s.Add(subscription));
        return new Unsubscriber(() => ImmutableInterlocked.Update(ref _subscriptions, s => s.Remove(subscription)));
    }

    private sealed record Subscription(Func<object, bool> Accepts, Action<object> Deliver);

    private sealed class Unsubscriber(Action unsubscribe) : IDisposable
    {
        public void Dispose() => unsubscribe();
    }
}
