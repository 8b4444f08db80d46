using Flamenco.Api;
using Flamenco.Manager.Jobs;
using Flamenco.Manager.Workers;
using Job = Flamenco.Manager.Jobs.Job;

namespace Flamenco.Manager.Scheduling;

/// <summary>
/// The tasks a worker could be given right now, in scheduling order, kept in memory so that a poll costs the same
/// with ten thousand or a million finished tasks in the database (upstream scans every stored task per poll,
/// manager.md §5.2). Only jobs that can run (queued or active) are indexed; a task is runnable when it is queued or
/// soft-failed and every dependency of it, all within its own job, has completed.
///
/// Order (manager.md §5.1, with upstream's implicit tie-breakers made explicit): job priority, task priority
/// (both highest first), then older jobs first, then authoring order.
///
/// Not thread-safe: the caller serialises every call (the scheduler does, under its lock).
/// </summary>
public sealed class RunnableTaskIndex
{
    private static readonly JobStatus[] SchedulableJobStatuses = [JobStatus.Queued, JobStatus.Active];

    // Task types are matched case-insensitively (upstream lower-cases worker types but not task types, Q20).
    private readonly Dictionary<string, SortedSet<RunnableTask>> _runnableByType = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<Guid, IndexedJob> _jobs = [];

    public int RunnableCount => _runnableByType.Values.Sum(s => s.Count);

    /// <summary>Indexes the job as it is now, replacing whatever was known about it.</summary>
    public void IndexJob(Job job, IReadOnlyList<JobTask> tasks, IReadOnlySet<(Guid WorkerId, string TaskType)> blocklist)
    {
        RemoveJob(job.Id);
        if (!SchedulableJobStatuses.Contains(job.Status)) return;

        var indexed = new IndexedJob(job.Id, job.Priority, job.Created, job.WorkerTagId, blocklist);
        var completed = tasks.Where(t => t.Status == TaskStatus.Completed).Select(t => t.Id).ToHashSet();
        foreach (var task in tasks.Where(t => t.Status != TaskStatus.Completed))
        {
            indexed.Tasks[task.Id] = new IndexedTask(indexed, task.Id, task.Type, task.Priority, task.IndexInJob)
            {
                Status = task.Status,
                UnfinishedDependencies = task.Dependencies.Count(d => !completed.Contains(d)),
                FailedBy = [.. task.FailedByWorkers],
            };
        }
        foreach (var task in tasks.Where(t => t.Status != TaskStatus.Completed))
        {
            foreach (var dependency in task.Dependencies.Where(d => !completed.Contains(d)))
            {
                if (indexed.Tasks.TryGetValue(dependency, out var parent)) parent.Dependents.Add(task.Id);
            }
        }
        _jobs[job.Id] = indexed;
        foreach (var task in indexed.Tasks.Values) UpdateRunnable(task);
    }

    public void RemoveJob(Guid jobId)
    {
        if (!_jobs.Remove(jobId, out var job)) return;
        foreach (var task in job.Tasks.Values) SetRunnable(task, false);
    }

    public bool Contains(Guid jobId) => _jobs.ContainsKey(jobId);

    /// <summary>Follows one task's status change; a completed task may make its dependents runnable.</summary>
    public void TaskStatusChanged(Guid jobId, Guid taskId, TaskStatus status)
    {
        if (!_jobs.TryGetValue(jobId, out var job) || !job.Tasks.TryGetValue(taskId, out var task)) return;
        task.Status = status;
        if (status == TaskStatus.Completed)
        {
            SetRunnable(task, false);
            job.Tasks.Remove(taskId);
            foreach (var dependentId in task.Dependents)
            {
                if (!job.Tasks.TryGetValue(dependentId, out var dependent)) continue;
                dependent.UnfinishedDependencies--;
                UpdateRunnable(dependent);
            }
            return;
        }
        UpdateRunnable(task);
    }

    public void WorkerFailedTask(Guid jobId, Guid taskId, Guid workerId)
    {
        if (_jobs.TryGetValue(jobId, out var job) && job.Tasks.TryGetValue(taskId, out var task)) task.FailedBy.Add(workerId);
    }

    public void WorkerBlocklisted(Guid jobId, Guid workerId, string taskType)
    {
        if (_jobs.TryGetValue(jobId, out var job)) job.Blocklist.Add((workerId, taskType.ToLowerInvariant()));
    }

    /// <summary>
    /// The best runnable task for the worker: one of its task types, of an untagged job or one tagged with a tag the
    /// worker has, not failed by it before, not of a type it is blocklisted for on that job. Null when there is none.
    /// </summary>
    public (Guid JobId, Guid TaskId)? FindFor(Worker worker)
    {
        RunnableTask? best = null;
        foreach (var type in worker.SupportedTaskTypes)
        {
            if (!_runnableByType.TryGetValue(type, out var runnable)) continue;
            foreach (var candidate in runnable)
            {
                if (best is not null && candidate.CompareTo(best) >= 0) break;
                if (IsEligible(candidate.Task, worker))
                {
                    best = candidate;
                    break;
                }
            }
        }
        return best is null ? null : (best.Task.Job.Id, best.Task.Id);
    }

    private static bool IsEligible(IndexedTask task, Worker worker)
    {
        var job = task.Job;
        if (job.WorkerTagId is { } tag && !worker.Tags.Contains(tag)) return false;
        if (task.FailedBy.Contains(worker.Id)) return false;
        return !job.Blocklist.Contains((worker.Id, task.Type.ToLowerInvariant()));
    }

    private void UpdateRunnable(IndexedTask task) =>
        SetRunnable(task, task.Status is TaskStatus.Queued or TaskStatus.SoftFailed && task.UnfinishedDependencies == 0);

    private void SetRunnable(IndexedTask task, bool runnable)
    {
        if (runnable == task.InRunnableSet) return;
        if (!_runnableByType.TryGetValue(task.Type, out var set))
        {
            set = [];
            _runnableByType[task.Type] = set;
        }
        if (runnable) set.Add(task.Key);
        else set.Remove(task.Key);
        task.InRunnableSet = runnable;
    }

    private sealed class IndexedJob(Guid id, int priority, DateTimeOffset created, Guid? workerTagId, IReadOnlySet<(Guid, string)> blocklist)
    {
        public Guid Id { get; } = id;
        public int Priority { get; } = priority;
        public DateTimeOffset Created { get; } = created;
        public Guid? WorkerTagId { get; } = workerTagId;
        public HashSet<(Guid WorkerId, string TaskType)> Blocklist { get; } = [.. blocklist.Select(b => (b.Item1, b.Item2.ToLowerInvariant()))];
        public Dictionary<Guid, IndexedTask> Tasks { get; } = [];
    }

    private sealed class IndexedTask
    {
        public IndexedTask(IndexedJob job, Guid id, string type, int priority, int indexInJob)
        {
            Job = job;
            Id = id;
            Type = type;
            Key = new RunnableTask(this, job.Priority, priority, job.Created, job.Id, indexInJob);
        }

        public IndexedJob Job { get; }
        public Guid Id { get; }
        public string Type { get; }
        public RunnableTask Key { get; }
        public TaskStatus Status { get; set; }
        public int UnfinishedDependencies { get; set; }
        public List<Guid> Dependents { get; } = [];
        public HashSet<Guid> FailedBy { get; init; } = [];
        public bool InRunnableSet { get; set; }
    }

    private sealed record RunnableTask(IndexedTask Task, int JobPriority, int TaskPriority, DateTimeOffset JobCreated, Guid JobId, int IndexInJob)
        : IComparable<RunnableTask>
    {
        public int CompareTo(RunnableTask? other)
        {
            if (other is null) return -1;
            var order = other.JobPriority.CompareTo(JobPriority);
            if (order == 0) order = other.TaskPriority.CompareTo(TaskPriority);
            if (order == 0) order = JobCreated.CompareTo(other.JobCreated);
            if (order == 0) order = JobId.CompareTo(other.JobId);
            return order != 0 ? order : IndexInJob.CompareTo(other.IndexInJob);
        }
    }
}
