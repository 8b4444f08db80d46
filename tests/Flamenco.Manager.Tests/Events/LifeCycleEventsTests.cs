using Flamenco.Api;
using Flamenco.Manager.Events;
using Flamenco.Manager.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting.Internal;
using Microsoft.Extensions.Logging.Abstractions;

namespace Flamenco.Manager.Tests.Events;

/// <summary>The Manager's <c>EventLifeCycle</c>: startup once it serves, shutdown when it begins to stop.</summary>
public sealed class LifeCycleEventsTests
{
    [Fact]
    public async Task StartedThenStopping_PublishStartupThenShutdown()
    {
        var bus = new EventBus(NullLogger<EventBus>.Instance);
        var seen = new List<LifeCycleEventType>();
        using var _ = bus.Subscribe<EventLifeCycle>(e => seen.Add(e.Type));
        var lifetime = new ApplicationLifetime(NullLogger<ApplicationLifetime>.Instance);
        await new LifeCycleEvents(bus, lifetime).StartAsync(CancellationToken.None);
        Assert.Empty(seen);

        lifetime.NotifyStarted();
        Assert.Equal([LifeCycleEventType.ManagerStartup], seen);

        lifetime.StopApplication();
        Assert.Equal([LifeCycleEventType.ManagerStartup, LifeCycleEventType.ManagerShutdown], seen);
    }

    [Fact]
    public void RealManager_StoppingPublishesShutdown()
    {
        var factory = new ManagerAppFactory();
        var seen = new List<LifeCycleEventType>();
        factory.Services.GetRequiredService<EventBus>().Subscribe<EventLifeCycle>(e => seen.Add(e.Type));

        factory.Dispose();

        Assert.Equal([LifeCycleEventType.ManagerShutdown], seen);
    }
}
