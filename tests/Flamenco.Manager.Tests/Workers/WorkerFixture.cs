using System.Collections.Concurrent;
using Flamenco.Api;
using Flamenco.Manager.Events;
using Flamenco.Manager.Hosting;
using Flamenco.Manager.Jobs;
using Flamenco.Manager.Persistence;
using Flamenco.Manager.Workers;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Flamenco.Manager.Tests.Workers;

/// <summary>The worker services on an in-memory database and a fake clock, with a substitute requeuer and the events they publish.</summary>
public sealed class WorkerFixture : IDisposable
{
    private readonly FlamencoDatabase _database = new(new MemoryStream());

    public WorkerFixture()
    {
        Store = new LiteDbWorkerStore(_database);
        Presence = new WorkerPresence(Store, Time);
        Authenticator = new WorkerAuthenticator(Store, Presence);
        var bus = new EventBus(NullLogger<EventBus>.Instance);
        bus.Subscribe<EventWorkerUpdate>(Events.Enqueue);
        Service = new WorkerService(Store, Requeuer, Presence, Authenticator, new WorkerEvents(bus, Presence), Time, NullLogger<WorkerService>.Instance);
        var monitor = Substitute.For<IOptionsMonitor<ManagerOptions>>();
        monitor.CurrentValue.Returns(_ => Options);
        TimeoutChecker = new WorkerTimeoutChecker(Store, Service, Presence, monitor, Time, NullLogger<WorkerTimeoutChecker>.Instance);
        SleepScheduler = new SleepScheduler(Store, Service, Time, NullLogger<SleepScheduler>.Instance);
    }

    /// <summary>Tuesday 2026-11-24 11:16 UTC; the fake clock's local zone is UTC.</summary>
    public FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 11, 24, 11, 16, 0, TimeSpan.Zero));

    public ManagerOptions Options { get; } = new();

    public IWorkerStore Store { get; }

    public WorkerPresence Presence { get; }

    public WorkerAuthenticator Authenticator { get; }

    public IWorkerTaskRequeuer Requeuer { get; } = Substitute.For<IWorkerTaskRequeuer>();

    public WorkerService Service { get; }

    public WorkerTimeoutChecker TimeoutChecker { get; }

    public SleepScheduler SleepScheduler { get; }

    public ConcurrentQueue<EventWorkerUpdate> Events { get; } = new();

    public Worker AddWorker(WorkerStatus status, string name = "дрон", WorkerStatus? requested = null, bool lazy = false, TimeSpan? seenAgo = null)
    {
        var worker = new Worker
        {
            Id = Guid.NewGuid(), Name = name, SecretHash = WorkerSecrets.Hash("secret"), Status = status, Platform = "linux",
            StatusRequested = requested, LazyStatusRequest = lazy, SupportedTaskTypes = ["misc"],
            LastSeen = Time.GetUtcNow() - (seenAgo ?? TimeSpan.Zero), Created = Time.GetUtcNow(), Updated = Time.GetUtcNow(),
        };
        Store.Add(worker);
        return worker;
    }

    public Worker Stored(Worker worker) => Store.Find(worker.Id)!;

    public void Dispose() => _database.Dispose();
}
