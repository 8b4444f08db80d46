using Flamenco.Api;
using Flamenco.Manager.Events;
using Flamenco.Manager.Farm;
using Flamenco.Manager.Persistence;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace Flamenco.Manager.Tests.Jobs;

/// <summary>reference/manager.md §8.8 case 95: the farm status over time.</summary>
public sealed class FarmStatusServiceTests
{
    private readonly IJobStore _store = Substitute.For<IJobStore>();
    private readonly EventBus _bus = new(NullLogger<EventBus>.Instance);
    private readonly FakeTimeProvider _time = new();

    [Fact]
    public async Task Service_StartingUntilFirstPollThenPublishesOnlyChanges()
    {
        var published = new List<FarmStatus>();
        using var _ = _bus.Subscribe<EventFarmStatus>(e => published.Add(e.Status));
        _store.WorkerStatuses().Returns([WorkerStatus.Awake]);
        _store.JobStatuses().Returns([JobStatus.Active]);
        using var service = new FarmStatusService(_store, _bus, _time, NullLogger<FarmStatusService>.Instance);
        await service.StartAsync(CancellationToken.None);
        await Settle();

        Assert.Equal(FarmStatus.Starting, service.Current.Status);
        _time.Advance(FarmStatusService.FirstPoll);
        await Settle();
        Assert.Equal(FarmStatus.Active, service.Current.Status);
        _time.Advance(FarmStatusService.PollInterval);
        await Settle();
        Assert.Equal([FarmStatus.Active], published);

        _store.JobStatuses().Returns([JobStatus.Completed]);
        _bus.Publish(new EventJobUpdate
        {
            Id = "j", Updated = _time.GetUtcNow(), Status = JobStatus.Completed, PreviousStatus = JobStatus.Active, Type = "t",
            Priority = 50, RefreshTasks = false, StepsCompleted = 1, StepsTotal = 1,
        });
        await Settle();

        Assert.Equal(FarmStatus.Idle, service.Current.Status);
        Assert.Equal([FarmStatus.Active, FarmStatus.Idle], published);
        await service.StopAsync(CancellationToken.None);
    }

    [Theory]
    [InlineData(new[] { WorkerStatus.Offline, WorkerStatus.Offline, WorkerStatus.Asleep, WorkerStatus.Error, WorkerStatus.Awake, WorkerStatus.Awake, WorkerStatus.Awake }, new[] { JobStatus.Active }, FarmStatus.Active)]
    [InlineData(new[] { WorkerStatus.Offline, WorkerStatus.Offline, WorkerStatus.Asleep, WorkerStatus.Awake }, new[] { JobStatus.Completed, JobStatus.CancelRequested }, FarmStatus.Idle)]
    [InlineData(new[] { WorkerStatus.Offline, WorkerStatus.Offline, WorkerStatus.Asleep, WorkerStatus.Asleep }, new[] { JobStatus.Completed }, FarmStatus.Asleep)]
    public void Poll_ReferenceFarms(WorkerStatus[] workers, JobStatus[] jobs, FarmStatus expected)
    {
        _store.WorkerStatuses().Returns(workers);
        _store.JobStatuses().Returns(jobs);
        using var service = new FarmStatusService(_store, _bus, _time, NullLogger<FarmStatusService>.Instance);

        Assert.Equal(expected, service.Poll().Status);
    }

    private static async Task Settle()
    {
        // The service runs on the thread pool; give it a moment after each step.
        for (var i = 0; i < 20; i++) await Task.Delay(10);
    }
}
