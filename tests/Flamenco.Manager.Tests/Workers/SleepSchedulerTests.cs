using Flamenco.Api;
using Flamenco.Manager.Workers;

namespace Flamenco.Manager.Tests.Workers;

/// <summary>Applying sleep schedules (reference/manager.md §5.5); the clock stands on Tuesday 2026-11-24 11:16 UTC.</summary>
public sealed class SleepSchedulerTests : IDisposable
{
    private readonly WorkerFixture _farm = new();

    public void Dispose() => _farm.Dispose();

    private static SleepSchedule NineToSix() => new() { IsActive = true, StartTime = "09:00", EndTime = "18:00" };

    [Fact]
    public void SetSleepSchedule_AwakeWorkerInSleepTime_NonLazyAsleepRequestAndNextCheck()
    {
        var worker = _farm.AddWorker(WorkerStatus.Awake, requested: WorkerStatus.Offline, lazy: true);

        Assert.Null(_farm.Service.SetSleepSchedule(worker.Id, NineToSix()));

        var stored = _farm.Stored(worker);
        Assert.Equal((WorkerStatus.Asleep, false), (stored.StatusRequested, stored.LazyStatusRequest));
        Assert.Equal(new DateTimeOffset(2026, 11, 24, 18, 0, 0, TimeSpan.Zero), stored.SleepSchedule!.NextCheck);
        Assert.Equal(new WorkerStatusChangeRequest { Status = WorkerStatus.Asleep, IsLazy = false }, Assert.Single(_farm.Events).StatusChange);
    }

    [Theory]
    [InlineData(WorkerStatus.Asleep, null, false)]
    [InlineData(WorkerStatus.Awake, WorkerStatus.Asleep, false)]
    [InlineData(WorkerStatus.Error, null, false)]
    public void ApplySleepSchedule_AlreadyThereOnItsWayOrInError_Untouched(WorkerStatus status, WorkerStatus? requested, bool lazy)
    {
        var worker = _farm.AddWorker(status, requested: requested, lazy: lazy);

        _farm.Service.SetSleepSchedule(worker.Id, NineToSix());

        Assert.Equal(requested, _farm.Stored(worker).StatusRequested);
        Assert.Empty(_farm.Events);
    }

    [Fact]
    public void ApplySleepSchedule_LazyRequestForTheScheduledStatus_MadeNonLazy()
    {
        var worker = _farm.AddWorker(WorkerStatus.Awake, requested: WorkerStatus.Asleep, lazy: true);

        _farm.Service.SetSleepSchedule(worker.Id, NineToSix());

        Assert.Equal((WorkerStatus.Asleep, false), (_farm.Stored(worker).StatusRequested, _farm.Stored(worker).LazyStatusRequest));
    }

    [Fact]
    public void RunRound_DueSchedule_AppliedAndNextCheckMovedOn()
    {
        var worker = _farm.AddWorker(WorkerStatus.Asleep);
        _farm.Service.SetSleepSchedule(worker.Id, NineToSix());
        _farm.Time.Advance(TimeSpan.FromHours(7));

        _farm.SleepScheduler.RunRound();

        var stored = _farm.Stored(worker);
        Assert.Equal((WorkerStatus.Awake, false), (stored.StatusRequested, stored.LazyStatusRequest));
        Assert.Equal(new DateTimeOffset(2026, 11, 25, 0, 0, 0, TimeSpan.Zero), stored.SleepSchedule!.NextCheck);
    }

    [Fact]
    public void RunRound_ScheduleNotDue_Untouched()
    {
        var worker = _farm.AddWorker(WorkerStatus.Asleep);
        _farm.Service.SetSleepSchedule(worker.Id, NineToSix());
        _farm.Service.StateChanged(worker.Id, WorkerStatus.Awake);
        _farm.Events.Clear();

        _farm.SleepScheduler.RunRound();

        Assert.Null(_farm.Stored(worker).StatusRequested);
        Assert.Empty(_farm.Events);
    }

    [Fact]
    public void RunRound_DeletedWorker_Skipped()
    {
        var worker = _farm.AddWorker(WorkerStatus.Awake);
        var stored = _farm.Stored(worker);
        stored.SleepSchedule = NineToSix();
        _farm.Store.Save(stored);
        _farm.Service.Delete(worker.Id);
        _farm.Events.Clear();

        _farm.SleepScheduler.RunRound();

        Assert.Null(_farm.Stored(worker).StatusRequested);
        Assert.Empty(_farm.Events);
    }

    [Fact]
    public async Task Cadence_FirstRoundTwoSecondsAfterStart()
    {
        var worker = _farm.AddWorker(WorkerStatus.Awake);
        var stored = _farm.Stored(worker);
        stored.SleepSchedule = NineToSix();
        _farm.Store.Save(stored);
        await _farm.SleepScheduler.StartAsync(CancellationToken.None);

        _farm.Time.Advance(TimeSpan.FromSeconds(2));

        await WorkerTimeoutCheckerTests.WaitUntil(() => _farm.Stored(worker).StatusRequested == WorkerStatus.Asleep);
        await _farm.SleepScheduler.StopAsync(CancellationToken.None);
    }
}
