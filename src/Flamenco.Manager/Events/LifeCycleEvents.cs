using Flamenco.Api;

namespace Flamenco.Manager.Events;

/// <summary>
/// Publishes <c>manager-startup</c> once the Manager answers requests and <c>manager-shutdown</c> when it begins to
/// stop, while event sinks can still pass it on (Flamenco's web app shows the Manager going away).
/// </summary>
public sealed class LifeCycleEvents(EventBus bus, IHostApplicationLifetime lifetime) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        lifetime.ApplicationStarted.Register(() => Publish(LifeCycleEventType.ManagerStartup));
        lifetime.ApplicationStopping.Register(() => Publish(LifeCycleEventType.ManagerShutdown));
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private void Publish(LifeCycleEventType type) => bus.Publish(new EventLifeCycle { Type = type });
}
