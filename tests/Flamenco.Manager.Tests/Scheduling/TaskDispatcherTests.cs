using Flamenco.Api;

namespace Flamenco.Manager.Tests.Scheduling;

/// <summary>reference/manager.md §8.3 (scheduler) and §8.5 (failure handling), on a real (in-memory) database.</summary>
public sealed class TaskDispatcherTests : IDisposable
{
    private readonly SchedulingFixture _farm = new();

    private static (string, string, int, string[]) T(string name, string type = "blender", int priority = 50, params string[] dependsOn) => (name, type, priority, dependsOn);

    [Fact]
    public void Schedule_NoTasks_Nothing()
    {
        var worker = _farm.AddWorker();

        Assert.Null(_farm.Scheduler.Schedule(worker));
    }

    [Fact]
    public void Schedule_OneTask_AssignedAndTouched()
    {
        var worker = _farm.AddWorker();
        var job = _farm.AddJob(50, T("only"));

        var (_, task) = _farm.Scheduler.Schedule(worker)!.Value;

        var stored = _farm.Jobs.FindTask(task.Id)!;
        Assert.Equal((TaskStatus.Active, worker.Id, _farm.Time.GetUtcNow()), (stored.Status, stored.WorkerId, stored.LastTouched));
        Assert.Equal(JobStatus.Active, _farm.Jobs.FindJob(job.Id)!.Status);
    }

    [Fact]
    public void Schedule_TaskPriority_HighestFirst()
    {
        var worker = _farm.AddWorker();
        _farm.AddJob(50, T("1 low-prio task"), T("2 high-prio task", "ffmpeg", 100), T("3 low-prio task"));

        Assert.Equal("2 high-prio task", _farm.ScheduleName(worker));
    }

    [Fact]
    public void Schedule_DependenciesBeatPriority()
    {
        var worker = _farm.AddWorker();
        _farm.AddJob(50, T("1 low-prio task"), T("2 high-prio task", "ffmpeg", 100, "1 low-prio task"), T("3 low-prio task"));

        Assert.Equal("1 low-prio task", _farm.ScheduleName(worker));
    }

    [Fact]
    public void Schedule_JobPriorityFirst()
    {
        var worker = _farm.AddWorker();
        _farm.AddJob(50, T("1 low-prio task"), T("2 high-prio task", "ffmpeg", 100), T("3 low-prio task"));
        _farm.AddJob(100, T("2.1", priority: 50), T("2.2", priority: 100, dependsOn: "2.1"), T("2.3 highest-prio task", priority: 150));

        Assert.Equal("2.3 highest-prio task", _farm.ScheduleName(worker));
    }

    [Fact]
    public void Schedule_FanOutFanIn_InDependencyOrder()
    {
        var worker = _farm.AddWorker();
        var job = _farm.AddJob(50,
            T("4 final", dependsOn: "3 fan-in"), T("3 fan-in", dependsOn: ["2.1 parallel", "2.2 parallel", "2.3 parallel"]),
            T("2.1 parallel", dependsOn: "1 start"), T("2.2 parallel", dependsOn: "1 start"), T("1 start"), T("2.3 parallel", dependsOn: "1 start"));

        var order = new List<string>();
        while (_farm.ScheduleName(worker) is { } name)
        {
            order.Add(name);
            _farm.Complete(worker, name, job);
        }

        Assert.Equal(["1 start", "2.1 parallel", "2.2 parallel", "2.3 parallel", "3 fan-in", "4 final"], order);
        Assert.Equal(JobStatus.Completed, _farm.Jobs.FindJob(job.Id)!.Status);
    }

    [Fact]
    public void Schedule_SomeDependenciesNotCompleted_Nothing()
    {
        var worker = _farm.AddWorker();
        var job = _farm.AddJob(50, T("1.1"), T("1.2", "unsupported"), T("1.3", dependsOn: ["1.1", "1.2"]));
        Assert.Equal("1.1", _farm.ScheduleName(worker));
        _farm.Complete(worker, "1.1", job);

        Assert.Null(_farm.Scheduler.Schedule(worker));
    }

    [Fact]
    public void Schedule_WorkerAlreadyHasActiveTask_GetsItAgain()
    {
        var worker = _farm.AddWorker();
        _farm.AddJob(50, T("1 low"), T("3 low", priority: 10));
        var first = _farm.ScheduleName(worker);
        _farm.AddJob(50, T("urgent", priority: 100));

        Assert.Equal(first, _farm.ScheduleName(worker));
    }

    [Fact]
    public void Schedule_FailedBefore_TakesAnotherTask()
    {
        var worker = _farm.AddWorker();
        _farm.AddWorker("other");
        _farm.AddWorker("third");
        var job = _farm.AddJob(50, T("1", priority: 100), T("2"));
        Assert.Equal("1", _farm.ScheduleName(worker));
        _farm.Scheduler.Update(worker, _farm.Task(job, "1").Id, new TaskUpdate { TaskStatus = TaskStatus.Failed });

        Assert.Equal(TaskStatus.SoftFailed, _farm.Task(job, "1").Status);
        Assert.Equal("2", _farm.ScheduleName(worker));
    }

    [Fact]
    public void Schedule_WorkerTags_TaggedJobsOnlyToMembers()
    {
        var tag1 = Guid.NewGuid();
        var tagged = _farm.AddWorker("C", tags: tag1);
        var untagged = _farm.AddWorker("NC");
        _farm.AddJob(50, Guid.NewGuid(), T("tag 2 job"));
        Assert.Null(_farm.Scheduler.Schedule(tagged));
        _farm.AddJob(50, tag1, T("tag 1 job"));

        Assert.Null(_farm.Scheduler.Schedule(untagged));
        Assert.Equal("tag 1 job", _farm.ScheduleName(tagged));
        _farm.AddJob(40, T("untagged job"));
        Assert.Equal("untagged job", _farm.ScheduleName(untagged));
    }

    [Fact]
    public void Schedule_Blocklisted_OtherTypeScheduled()
    {
        var worker = _farm.AddWorker();
        var job = _farm.AddJob(50, T("render", "blender", 100), T("video", "ffmpeg"));
        var stored = _farm.Jobs.FindJob(job.Id)!;
        stored.Blocklist.Add(new Flamenco.Manager.Jobs.BlocklistEntry { WorkerId = worker.Id, TaskType = "blender" });
        _farm.Jobs.Save(stored, []);
        lock (_farm.State.Lock) _farm.State.Reindex(stored, _farm.Jobs.TasksOfJob(job.Id));

        Assert.Equal("video", _farm.ScheduleName(worker));
    }

    [Fact]
    public void Schedule_PausedOrCanceledJob_NotScheduled()
    {
        var worker = _farm.AddWorker();
        var job = _farm.AddJob(50, T("a"), T("b"));
        _farm.Statuses.RequestJobStatus(job.Id, JobStatus.PauseRequested, "lunch");

        Assert.Null(_farm.Scheduler.Schedule(worker));
        _farm.Statuses.RequestJobStatus(job.Id, JobStatus.Requeueing, "back");
        Assert.Equal("a", _farm.ScheduleName(worker));
    }

    [Fact]
    public void Schedule_ManyConcurrentPollers_NeverTheSameTaskTwice()
    {
        var workers = Enumerable.Range(0, 50).Select(i => _farm.AddWorker($"w{i}")).ToList();
        _farm.AddJob(50, Enumerable.Range(0, 400).Select(i => T($"t{i}")).ToArray());
        var assigned = new System.Collections.Concurrent.ConcurrentBag<(Guid Task, Guid Worker)>();

        Parallel.ForEach(workers, new ParallelOptions { MaxDegreeOfParallelism = 16 }, worker =>
        {
            for (var i = 0; i < 20; i++)
            {
                if (_farm.Scheduler.Schedule(worker) is not var (_, task)) break;
                assigned.Add((task.Id, worker.Id));
                _farm.Scheduler.Update(worker, task.Id, new TaskUpdate { TaskStatus = TaskStatus.Completed });
            }
        });

        Assert.Equal(400, assigned.Count);
        Assert.Equal(400, assigned.Select(a => a.Task).Distinct().Count());
    }

    [Fact]
    public void Update_FirstFailureWithOthersLeft_SoftFails()
    {
        var worker = _farm.AddWorker("дрон", "misc");
        _farm.AddWorker("b", "misc");
        _farm.AddWorker("c", "misc");
        var job = _farm.AddJob(50, T("task", "misc"));
        _farm.Scheduler.Schedule(worker);

        _farm.Scheduler.Update(worker, _farm.Task(job, "task").Id, new TaskUpdate { TaskStatus = TaskStatus.Failed, Activity = "Failed: oops" });

        var task = _farm.Task(job, "task");
        Assert.Equal(TaskStatus.SoftFailed, task.Status);
        Assert.Equal([worker.Id], task.FailedByWorkers);
        Assert.Equal(JobStatus.Active, _farm.Jobs.FindJob(job.Id)!.Status);
    }

    [Fact]
    public void Update_ThirdWorkerFails_HardFailsAndSmallJobFails()
    {
        var workers = new[] { _farm.AddWorker("a", "misc"), _farm.AddWorker("b", "misc"), _farm.AddWorker("c", "misc"), _farm.AddWorker("d", "misc") };
        var job = _farm.AddJob(50, T("task", "misc"));

        foreach (var worker in workers.Take(3))
        {
            Assert.Equal("task", _farm.ScheduleName(worker));
            _farm.Scheduler.Update(worker, _farm.Task(job, "task").Id, new TaskUpdate { TaskStatus = TaskStatus.Failed });
        }

        Assert.Equal(TaskStatus.Failed, _farm.Task(job, "task").Status);
        Assert.Equal(JobStatus.Failed, _farm.Jobs.FindJob(job.Id)!.Status);
    }

    [Fact]
    public void Update_TwoWorkerFarmFirstFailure_OtherWorkerMayTry()
    {
        var a = _farm.AddWorker("A", "misc");
        var b = _farm.AddWorker("B", "misc");
        var job = _farm.AddJob(50, T("task", "misc"));
        _farm.Scheduler.Schedule(a);

        _farm.Scheduler.Update(a, _farm.Task(job, "task").Id, new TaskUpdate { TaskStatus = TaskStatus.Failed });

        Assert.Equal(TaskStatus.SoftFailed, _farm.Task(job, "task").Status);
        Assert.Equal("task", _farm.ScheduleName(b));
    }

    [Fact]
    public void Update_NoOtherWorkerCanRunTheType_JobFails()
    {
        var worker = _farm.AddWorker("дрон", "misc");
        _farm.AddWorker("renderer", "blender");
        var job = _farm.AddJob(50, T("task", "misc"), T("other", "blender"));
        _farm.Scheduler.Schedule(worker);

        _farm.Scheduler.Update(worker, _farm.Task(job, "task").Id, new TaskUpdate { TaskStatus = TaskStatus.Failed });

        var stored = _farm.Jobs.FindJob(job.Id)!;
        Assert.Equal(JobStatus.Failed, stored.Status);
        Assert.Equal("Changed to status \"failed\": no more workers left to run tasks of type \"misc\"", stored.Activity);
        Assert.Equal(TaskStatus.Canceled, _farm.Task(job, "other").Status);
    }

    [Fact]
    public void Update_ThirdFailureOfTypeOnJob_BlocklistsWorkerAndRequeuesItsFailedTasks()
    {
        _farm.Options.TaskFailAfterSoftFailCount = 1;
        var worker = _farm.AddWorker("дрон", "misc");
        _farm.AddWorker("b", "misc");
        var tasks = Enumerable.Range(1, 40).Select(i => T($"t{i}", "misc")).ToArray();
        var job = _farm.AddJob(50, tasks);

        for (var i = 0; i < 3; i++)
        {
            var (_, task) = _farm.Scheduler.Schedule(worker)!.Value;
            _farm.Scheduler.Update(worker, task.Id, new TaskUpdate { TaskStatus = TaskStatus.Failed });
        }

        var stored = _farm.Jobs.FindJob(job.Id)!;
        Assert.Contains(stored.Blocklist, b => b.WorkerId == worker.Id && b.TaskType == "misc");
        Assert.Null(_farm.Scheduler.Schedule(worker));
        var requeued = _farm.Jobs.TasksOfJob(job.Id).Where(t => t.Activity.Contains("was blocked from tasks of type \"misc\"")).ToList();
        Assert.Equal(2, requeued.Count);
        Assert.All(requeued, t => Assert.Equal(TaskStatus.Queued, t.Status));
    }

    [Fact]
    public void Update_StepsCompleted_ClampedAndSummedIntoJob()
    {
        var worker = _farm.AddWorker();
        var job = _farm.AddJob(50, T("a"), T("b"));
        var (_, task) = _farm.Scheduler.Schedule(worker)!.Value;

        _farm.Scheduler.Update(worker, task.Id, new TaskUpdate { StepsCompleted = 47 });

        Assert.Equal(1, _farm.Jobs.FindTask(task.Id)!.StepsCompleted);
        Assert.Equal((1, 2), (_farm.Jobs.FindJob(job.Id)!.StepsCompleted, _farm.Jobs.FindJob(job.Id)!.StepsTotal));
    }

    [Fact]
    public void Update_NotYoursOrNotActive_RefusedAndNothingChanges()
    {
        var worker = _farm.AddWorker();
        var other = _farm.AddWorker("other");
        var job = _farm.AddJob(50, T("a"), T("b"));
        var (_, task) = _farm.Scheduler.Schedule(worker)!.Value;

        Assert.Equal(409, _farm.Scheduler.Update(other, task.Id, new TaskUpdate { TaskStatus = TaskStatus.Completed }).StatusCode);
        Assert.Equal(409, _farm.Scheduler.Update(worker, _farm.Task(job, "b").Id, new TaskUpdate { TaskStatus = TaskStatus.Completed }).StatusCode);
        Assert.Equal(400, _farm.Scheduler.Update(worker, task.Id, new TaskUpdate { TaskStatus = TaskStatus.SoftFailed }).StatusCode);
        Assert.Equal(404, _farm.Scheduler.Update(worker, Guid.NewGuid(), new TaskUpdate()).StatusCode);
        _farm.Statuses.RequestJobStatus(job.Id, JobStatus.CancelRequested, "stop");
        var late = _farm.Scheduler.Update(worker, task.Id, new TaskUpdate { TaskStatus = TaskStatus.Completed });

        Assert.Equal(409, late.StatusCode);
        Assert.Equal(TaskStatus.Canceled, _farm.Jobs.FindTask(task.Id)!.Status);
    }

    [Fact]
    public void MayKeepRunning_FollowsAssignmentStatusAndRequests()
    {
        var worker = _farm.AddWorker();
        var other = _farm.AddWorker("other");
        var job = _farm.AddJob(50, T("a"));
        var (_, task) = _farm.Scheduler.Schedule(worker)!.Value;

        Assert.True(_farm.Scheduler.MayKeepRunning(worker, task.Id).MayKeepRunningNow);
        Assert.Equal("task not assigned to this worker", _farm.Scheduler.MayKeepRunning(other, task.Id).Reason);
        worker.StatusRequested = WorkerStatus.Asleep;
        worker.LazyStatusRequest = true;
        Assert.True(_farm.Scheduler.MayKeepRunning(worker, task.Id).MayKeepRunningNow);
        worker.LazyStatusRequest = false;
        Assert.True(_farm.Scheduler.MayKeepRunning(worker, task.Id).StatusChangeRequested);
        worker.StatusRequested = null;
        _farm.Statuses.RequestJobStatus(job.Id, JobStatus.CancelRequested, "stop");
        Assert.Equal("task is in non-runnable status \"canceled\"", _farm.Scheduler.MayKeepRunning(worker, task.Id).Reason);
    }

    [Fact]
    public void Schedule_AndComplete_PublishesTaskAndJobEvents()
    {
        var worker = _farm.AddWorker("дрон");
        var job = _farm.AddJob(50, T("only"));
        var taskEvents = new List<EventTaskUpdate>();
        var jobEvents = new List<EventJobUpdate>();
        using var _ = _farm.Bus.Subscribe<EventTaskUpdate>(taskEvents.Add);
        using var __ = _farm.Bus.Subscribe<EventJobUpdate>(jobEvents.Add);

        var (_, task) = _farm.Scheduler.Schedule(worker)!.Value;
        _farm.Scheduler.Update(worker, task.Id, new TaskUpdate { TaskStatus = TaskStatus.Completed });

        Assert.Equal([(TaskStatus.Active, (TaskStatus?)TaskStatus.Queued), (TaskStatus.Completed, TaskStatus.Active)], taskEvents.Select(e => (e.Status, e.PreviousStatus)));
        Assert.All(taskEvents, e => Assert.Equal("дрон", e.Worker!.Name));
        Assert.Equal([(JobStatus.Active, (JobStatus?)JobStatus.Queued), (JobStatus.Completed, JobStatus.Active)], jobEvents.Select(e => (e.Status, e.PreviousStatus)));
        Assert.Equal(job.Id.ToString(), jobEvents[^1].Id);
    }

    public void Dispose() => _farm.Dispose();
}
