using Flamenco.Api;
using Flamenco.Manager.Events;
using Flamenco.Manager.Hosting;
using Flamenco.Manager.LocalStorage;
using Flamenco.Manager.TaskLogs;
using Flamenco.Manager.Jobs;
using Flamenco.Manager.Persistence;
using Flamenco.Manager.Scheduling;
using Flamenco.Manager.Workers;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Job = Flamenco.Manager.Jobs.Job;

namespace Flamenco.Manager.Tests.Scheduling;

/// <summary>The scheduler with its real collaborators on an in-memory database, and builders for jobs and workers.</summary>
public sealed class SchedulingFixture : IDisposable
{
    private readonly FlamencoDatabase _database = new(new MemoryStream());
    private readonly string _storage = Directory.CreateTempSubdirectory("flamenco-scheduling-").FullName;
    private int _jobCount;

    public SchedulingFixture()
    {
        Jobs = new LiteDbJobStore(_database);
        Workers = new LiteDbWorkerStore(_database);
        State = new SchedulingState(Jobs);
        var machine = new JobStateMachine(Time);
        var events = new JobEvents(Bus);
        var monitor = Substitute.For<IOptionsMonitor<ManagerOptions>>();
        monitor.CurrentValue.Returns(_ => Options);
        TaskLogs = new TaskLogStore(new ManagerLocalStorage(_storage), Bus, Time);
        TaskLogger = new TaskLogger(TaskLogs, Time, NullLogger<TaskLogger>.Instance);
        Scheduler = new TaskDispatcher(Jobs, Workers, machine, State, events, TaskLogger, monitor, Time, NullLogger<TaskDispatcher>.Instance);
        Statuses = new JobStatusService(Jobs, machine, State, events, TaskLogger, Time);
    }

    public TaskLogStore TaskLogs { get; }

    public TaskLogger TaskLogger { get; }

    public EventBus Bus { get; } = new(NullLogger<EventBus>.Instance);

    public FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 11, 23, 12, 0, 0, TimeSpan.Zero));

    public ManagerOptions Options { get; } = new();

    public IJobStore Jobs { get; }

    public IWorkerStore Workers { get; }

    public SchedulingState State { get; }

    public TaskDispatcher Scheduler { get; }

    public JobStatusService Statuses { get; }

    public Worker AddWorker(string name = "worker", string types = "blender,ffmpeg,file-management,misc", params Guid[] tags)
    {
        var worker = new Worker
        {
            Id = Guid.CreateVersion7(), Name = name, Status = WorkerStatus.Awake, Platform = "linux",
            SupportedTaskTypes = [.. types.Split(',')], Tags = [.. tags], Created = Time.GetUtcNow(), Updated = Time.GetUtcNow(),
        };
        Workers.Add(worker);
        return worker;
    }

    /// <summary>Stores a job whose tasks are given as (name, type, priority, names of dependencies), in authoring order.</summary>
    public Job AddJob(int priority, params (string Name, string Type, int Priority, string[] DependsOn)[] tasks) => AddJob(priority, null, tasks);

    public Job AddJob(int priority, Guid? tag, params (string Name, string Type, int Priority, string[] DependsOn)[] tasks)
    {
        var created = Time.GetUtcNow().AddSeconds(_jobCount++);
        var job = new Job { Id = Guid.CreateVersion7(), Name = $"job {_jobCount}", Type = "test", Priority = priority, Status = JobStatus.Queued, Created = created, Updated = created, WorkerTagId = tag };
        var ids = tasks.ToDictionary(t => t.Name, _ => Guid.CreateVersion7());
        var jobTasks = tasks.Select((t, i) => new JobTask
        {
            Id = ids[t.Name], JobId = job.Id, Name = t.Name, Type = t.Type, Priority = t.Priority, IndexInJob = i + 1,
            Status = TaskStatus.Queued, Created = created, Updated = created, StepsTotal = 1,
            Dependencies = [.. t.DependsOn.Select(d => ids[d])],
        }).ToList();
        job.StepsTotal = jobTasks.Count;
        job.TaskCounts = TaskStatusCounts.Of(jobTasks);
        Jobs.Add(job, jobTasks);
        lock (State.Lock) State.Reindex(job, jobTasks);
        return job;
    }

    public JobTask Task(Job job, string name) => Jobs.TasksOfJob(job.Id).Single(t => t.Name == name);

    public string? ScheduleName(Worker worker) => Scheduler.Schedule(worker)?.Task.Name;

    public void Complete(Worker worker, string taskName, Job job) =>
        Assert.Equal(UpdateOutcome.Done, Scheduler.Update(worker, Task(job, taskName).Id, new TaskUpdate { TaskStatus = TaskStatus.Completed }));

    public void Dispose()
    {
        TaskLogger.Dispose();
        _database.Dispose();
        Directory.Delete(_storage, recursive: true);
    }
}
