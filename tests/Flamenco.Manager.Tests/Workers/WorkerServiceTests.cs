using Flamenco.Api;
using Flamenco.Manager.Workers;

namespace Flamenco.Manager.Tests.Workers;

/// <summary>The worker status protocol of reference/manager.md §4.9 (cases 71–75, 78–79) without HTTP.</summary>
public sealed class WorkerServiceTests : IDisposable
{
    private readonly WorkerFixture _farm = new();

    public void Dispose() => _farm.Dispose();

    [Fact]
    public void SignOn_Case71_StartingWithCleanTaskTypesAndTheScheduledStatus()
    {
        var worker = _farm.AddWorker(WorkerStatus.Offline);
        worker.SleepSchedule = new SleepSchedule { IsActive = true, StartTime = "09:00", EndTime = "18:00" };
        _farm.Store.Save(worker);

        var status = _farm.Service.SignOn(worker.Id, "Lazy Boi", ["testing", " Sleeping ", "SNOOZING"], "3.0-testing", canRestart: true, "192.168.3.4");

        Assert.Equal(WorkerStatus.Asleep, status);
        var stored = _farm.Stored(worker);
        Assert.Equal((WorkerStatus.Starting, "Lazy Boi", "3.0-testing", true, "192.168.3.4"), (stored.Status, stored.Name, stored.Software, stored.CanRestart, stored.Address));
        Assert.Equal(["testing", "sleeping", "snoozing"], stored.SupportedTaskTypes);
        Assert.Null(stored.StatusRequested);
        var update = Assert.Single(_farm.Events);
        Assert.Equal((WorkerStatus.Starting, WorkerStatus.Offline), (update.Status, update.PreviousStatus));
    }

    [Fact]
    public void SignOn_PendingRequest_WinsOverTheSchedule()
    {
        var worker = _farm.AddWorker(WorkerStatus.Offline, requested: WorkerStatus.Awake);
        worker.SleepSchedule = new SleepSchedule { IsActive = true };
        _farm.Store.Save(worker);

        Assert.Equal(WorkerStatus.Awake, _farm.Service.SignOn(worker.Id, "w", ["misc"], "3.9", false, ""));
    }

    [Fact]
    public void SignOff_Case72_RemembersAwakeAsNonLazyRequestAndRequeues()
    {
        var worker = _farm.AddWorker(WorkerStatus.Awake, requested: WorkerStatus.Offline, lazy: true);

        _farm.Service.SignOff(worker.Id);

        var stored = _farm.Stored(worker);
        Assert.Equal((WorkerStatus.Offline, WorkerStatus.Awake, false), (stored.Status, stored.StatusRequested, stored.LazyStatusRequest));
        _farm.Requeuer.Received(1).RequeueActiveTasks(Arg.Is<Worker>(w => w.Id == worker.Id), "worker signed off");
        var update = Assert.Single(_farm.Events);
        Assert.Equal(WorkerStatus.Awake, update.PreviousStatus);
        Assert.Equal(new WorkerStatusChangeRequest { Status = WorkerStatus.Awake, IsLazy = false }, update.StatusChange);
    }

    [Fact]
    public void SignOff_Case73_FromErrorForgetsTheOfflineRequest()
    {
        var worker = _farm.AddWorker(WorkerStatus.Error, requested: WorkerStatus.Offline, lazy: true);

        _farm.Service.SignOff(worker.Id);

        var stored = _farm.Stored(worker);
        Assert.Equal((WorkerStatus.Offline, (WorkerStatus?)null), (stored.Status, stored.StatusRequested));
    }

    [Fact]
    public void SignOff_AsleepWithAwakeRequest_KeepsTheRequest()
    {
        var worker = _farm.AddWorker(WorkerStatus.Asleep, requested: WorkerStatus.Awake, lazy: true);

        _farm.Service.SignOff(worker.Id);

        var stored = _farm.Stored(worker);
        Assert.Equal((WorkerStatus.Awake, true), (stored.StatusRequested, stored.LazyStatusRequest));
    }

    [Fact]
    public void StateChanged_Case74_LeavingAwakeRequeuesWithTheWorkersName()
    {
        var worker = _farm.AddWorker(WorkerStatus.Awake);

        _farm.Service.StateChanged(worker.Id, WorkerStatus.Asleep);

        Assert.Equal(WorkerStatus.Asleep, _farm.Stored(worker).Status);
        _farm.Requeuer.Received(1).RequeueActiveTasks(Arg.Any<Worker>(), $"worker дрон ({worker.Id}) changed status to 'asleep'");
        Assert.Equal(WorkerStatus.Awake, Assert.Single(_farm.Events).PreviousStatus);
    }

    [Fact]
    public void StateChanged_Case74_OtherStatusKeepsTheRequestMatchingOneClearsIt()
    {
        var worker = _farm.AddWorker(WorkerStatus.Offline, requested: WorkerStatus.Asleep);

        _farm.Service.StateChanged(worker.Id, WorkerStatus.Starting);

        Assert.Equal((WorkerStatus.Starting, WorkerStatus.Asleep), (_farm.Stored(worker).Status, _farm.Stored(worker).StatusRequested));

        _farm.Service.StateChanged(worker.Id, WorkerStatus.Asleep);

        Assert.Equal((WorkerStatus.Asleep, (WorkerStatus?)null), (_farm.Stored(worker).Status, _farm.Stored(worker).StatusRequested));
        _farm.Requeuer.DidNotReceiveWithAnyArgs().RequeueActiveTasks(default!, default!);
    }

    [Fact]
    public void RequestStatusChange_Case78_StoresThenCurrentStatusClears()
    {
        var worker = _farm.AddWorker(WorkerStatus.Awake);

        Assert.Null(_farm.Service.RequestStatusChange(worker.Id, WorkerStatus.Asleep, lazy: true));

        Assert.Equal((WorkerStatus.Asleep, true), (_farm.Stored(worker).StatusRequested, _farm.Stored(worker).LazyStatusRequest));
        Assert.Equal(new WorkerStatusChangeRequest { Status = WorkerStatus.Asleep, IsLazy = true }, _farm.Events.Last().StatusChange);

        Assert.Null(_farm.Service.RequestStatusChange(worker.Id, WorkerStatus.Awake, lazy: false));

        Assert.Null(_farm.Stored(worker).StatusRequested);
        Assert.Null(_farm.Events.Last().StatusChange);
    }

    [Fact]
    public void RequestStatusChange_RestartWithoutCanRestart_412AndUnchanged()
    {
        var worker = _farm.AddWorker(WorkerStatus.Awake);

        var error = _farm.Service.RequestStatusChange(worker.Id, WorkerStatus.Restart, lazy: false);

        Assert.Equal(new ApiError(412, $"worker \"{worker.Id}\" does not know how to restart"), error);
        Assert.Null(_farm.Stored(worker).StatusRequested);
        Assert.Empty(_farm.Events);
    }

    [Fact]
    public void Delete_Case79_SoftDeletesRequeuesAndBroadcastsDeletedAt()
    {
        var worker = _farm.AddWorker(WorkerStatus.Awake);

        Assert.Null(_farm.Service.Delete(worker.Id));

        Assert.Equal(_farm.Time.GetUtcNow(), _farm.Stored(worker).DeletedAt);
        _farm.Requeuer.Received(1).RequeueActiveTasks(Arg.Any<Worker>(), "worker is being deleted");
        Assert.Equal(_farm.Time.GetUtcNow(), Assert.Single(_farm.Events).DeletedAt);
        Assert.Equal(new ApiError(404, $"worker \"{worker.Id}\" not found"), _farm.Service.Delete(worker.Id));
    }

    [Fact]
    public void Delete_UnknownWorker_404WorkerNotFound()
    {
        var id = Guid.NewGuid();

        Assert.Equal(new ApiError(404, $"worker \"{id}\" not found"), _farm.Service.Delete(id));
        _farm.Requeuer.DidNotReceiveWithAnyArgs().RequeueActiveTasks(default!, default!);
    }

    [Fact]
    public void Register_StoresOnlyAHashOfTheSecret()
    {
        var worker = _farm.Service.Register("w", "s3cret", "linux", ["Blender", "misc "], "10.0.0.1");

        var stored = _farm.Stored(worker);
        Assert.DoesNotContain("s3cret", stored.SecretHash, StringComparison.Ordinal);
        Assert.True(WorkerSecrets.Verify("s3cret", stored.SecretHash));
        Assert.False(WorkerSecrets.Verify("s3cret ", stored.SecretHash));
        Assert.Equal((WorkerStatus.Offline, "10.0.0.1"), (stored.Status, stored.Address));
        Assert.Equal(["blender", "misc"], stored.SupportedTaskTypes);
        Assert.Empty(_farm.Events);
    }
}
