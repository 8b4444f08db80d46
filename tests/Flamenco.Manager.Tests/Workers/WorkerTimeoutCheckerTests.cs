using Flamenco.Api;

namespace Flamenco.Manager.Tests.Workers;

/// <summary>reference/manager.md §5.4 (worker part) and §8.8 case 91.</summary>
public sealed class WorkerTimeoutCheckerTests : IDisposable
{
    private readonly WorkerFixture _farm = new();

    public void Dispose() => _farm.Dispose();

    [Fact]
    public void RunRound_Case91_AsleepWorkerSeenAnHourAgo_ErrorRequestClearedTasksRequeued()
    {
        var worker = _farm.AddWorker(WorkerStatus.Asleep, requested: WorkerStatus.Awake, seenAgo: TimeSpan.FromHours(1));

        _farm.TimeoutChecker.RunRound();

        var stored = _farm.Stored(worker);
        Assert.Equal((WorkerStatus.Error, (WorkerStatus?)null), (stored.Status, stored.StatusRequested));
        _farm.Requeuer.Received(1).RequeueActiveTasks(Arg.Is<Manager.Workers.Worker>(w => w.Id == worker.Id), "worker timed out");
        var update = Assert.Single(_farm.Events);
        Assert.Equal((WorkerStatus.Error, WorkerStatus.Asleep), (update.Status, update.PreviousStatus));
    }

    [Fact]
    public void RunRound_Case91_Selection()
    {
        var offline = _farm.AddWorker(WorkerStatus.Offline, "offline", seenAgo: TimeSpan.FromHours(1));
        var error = _farm.AddWorker(WorkerStatus.Error, "error", seenAgo: TimeSpan.FromHours(1));
        var awake = _farm.AddWorker(WorkerStatus.Awake, "awake", seenAgo: TimeSpan.FromMinutes(1));
        var starting = _farm.AddWorker(WorkerStatus.Starting, "starting", seenAgo: TimeSpan.FromMinutes(2));
        var asleep = _farm.AddWorker(WorkerStatus.Asleep, "asleep", seenAgo: TimeSpan.FromHours(1));
        var recent = _farm.AddWorker(WorkerStatus.Awake, "recent", seenAgo: TimeSpan.FromSeconds(59));
        var deleted = _farm.AddWorker(WorkerStatus.Awake, "deleted", seenAgo: TimeSpan.FromHours(1));
        _farm.Service.Delete(deleted.Id);
        _farm.Events.Clear();

        _farm.TimeoutChecker.RunRound();

        Assert.Equal(["asleep", "awake", "starting"], _farm.Events.Select(e => e.Name).Order());
        Assert.Equal(WorkerStatus.Offline, _farm.Stored(offline).Status);
        Assert.Equal(WorkerStatus.Awake, _farm.Stored(recent).Status);
        Assert.Equal(WorkerStatus.Awake, _farm.Stored(deleted).Status);
        Assert.All(new[] { awake, starting, asleep, error }, w => Assert.Equal(WorkerStatus.Error, _farm.Stored(w).Status));
    }

    [Fact]
    public void RunRound_SeenInMemoryButNotYetStored_NotTimedOut()
    {
        var worker = _farm.AddWorker(WorkerStatus.Awake, seenAgo: TimeSpan.FromSeconds(55));
        _farm.Presence.Seen(_farm.Stored(worker));
        _farm.Time.Advance(TimeSpan.FromSeconds(8));
        _farm.Presence.Seen(_farm.Stored(worker));
        _farm.Time.Advance(TimeSpan.FromSeconds(55));

        _farm.TimeoutChecker.RunRound();

        Assert.Equal(WorkerStatus.Awake, _farm.Stored(worker).Status);
    }

    [Fact]
    public void RunRound_ZeroTimeout_Off()
    {
        _farm.Options.WorkerTimeout = new(TimeSpan.Zero);
        var worker = _farm.AddWorker(WorkerStatus.Awake, seenAgo: TimeSpan.FromDays(1));

        _farm.TimeoutChecker.RunRound();

        Assert.Equal(WorkerStatus.Awake, _farm.Stored(worker).Status);
    }

    [Fact]
    public async Task Cadence_FirstRoundAfterFiveMinutesThenEveryMinute()
    {
        _farm.Options.WorkerTimeout = new(TimeSpan.FromSeconds(30));
        var early = _farm.AddWorker(WorkerStatus.Awake, "early");
        using var cancel = new CancellationTokenSource();
        await _farm.TimeoutChecker.StartAsync(cancel.Token);

        _farm.Time.Advance(TimeSpan.FromMinutes(4) + TimeSpan.FromSeconds(59));
        await Task.Delay(100);
        Assert.Equal(WorkerStatus.Awake, _farm.Stored(early).Status);

        _farm.Time.Advance(TimeSpan.FromSeconds(1));
        await WaitUntil(() => _farm.Stored(early).Status == WorkerStatus.Error);

        var later = _farm.AddWorker(WorkerStatus.Awake, "later");
        _farm.Time.Advance(TimeSpan.FromSeconds(59));
        await Task.Delay(100);
        Assert.Equal(WorkerStatus.Awake, _farm.Stored(later).Status);

        _farm.Time.Advance(TimeSpan.FromSeconds(1));
        await WaitUntil(() => _farm.Stored(later).Status == WorkerStatus.Error);

        await _farm.TimeoutChecker.StopAsync(CancellationToken.None);
    }

    /// <summary>The round runs on the thread pool after the fake clock fires; give it real time to finish.</summary>
    internal static async Task WaitUntil(Func<bool> condition)
    {
        for (var i = 0; i < 500 && !condition(); i++) await Task.Delay(10);
        Assert.True(condition(), "condition not met within 5 s");
    }
}
