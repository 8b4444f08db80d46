using Flamenco.Api;

namespace Flamenco.Manager.Jobs;

/// <summary>
/// Flamenco's status ripple for one job (reference/manager.md §4.2–4.4): a task's new status may change the job's,
/// and a job's new status changes its tasks and may lead to a follow-up job status. Decisions about one task use the
/// job's <see cref="Job.TaskCounts"/>; the job's tasks are only read when a job status changes many of them. The
/// caller stores the job plus <see cref="Changes.Tasks"/> in one transaction.
///
/// Deliberate differences from upstream (manager.md §9.3):
/// Q5 — a task becoming active or soft-failed does not undo a pause request or a paused job;
/// Q8 — requeueing one task of a completed job requeues only that task, not the whole job;
/// Q9 — job step totals are kept up to date from creation on.
/// </summary>
public sealed class JobStateMachine(TimeProvider time)
{
    /// <summary>Percentage of failed tasks at which the whole job fails (Flamenco hard-codes 10 %).</summary>
    public const int JobFailurePercentage = 10;

    private static readonly TaskStatus[] RunnableStatuses = [TaskStatus.Active, TaskStatus.Queued, TaskStatus.SoftFailed];

    /// <summary>Changes one task's status and ripples the effect to its job.</summary>
    public Changes ChangeTaskStatus(Job job, IReadOnlyList<JobTask> tasks, JobTask task, TaskStatus newStatus) =>
        ChangeTaskStatus(job, task, newStatus, () => tasks);

    /// <summary>
    /// Changes one task's status and ripples the effect to its job. <paramref name="loadTasks"/> gives all of the job's
    /// tasks (with <paramref name="task"/> as this very instance); it is only called when the job's new status changes
    /// other tasks.
    /// </summary>
    public Changes ChangeTaskStatus(Job job, JobTask task, TaskStatus newStatus, Func<IReadOnlyList<JobTask>> loadTasks)
    {
        var changes = new Changes();
        var now = time.GetUtcNow();
        SetStatus(job, task, newStatus, now);
        changes.Tasks.Add(task);

        if (JobStatusAfterTaskChange(job, newStatus) is var (jobStatus, reason))
        {
            ApplyJobStatus(job, new Lazy<IReadOnlyList<JobTask>>(loadTasks), jobStatus, reason, changes);
        }
        job.Updated = now;
        return changes;
    }

    /// <summary>
    /// Hands a queued or soft-failed task to a worker. Needs no other task of the job: a task becoming active only
    /// makes a queued (or finished) job active again (§4.3), and "active" has no effect on other tasks (§4.4).
    /// </summary>
    public void AssignTask(Job job, JobTask task, Guid workerId)
    {
        var now = time.GetUtcNow();
        SetStatus(job, task, TaskStatus.Active, now);
        task.WorkerId = workerId;
        task.LastTouched = now;
        if (JobStatusAfterTaskChange(job, TaskStatus.Active) is var (jobStatus, reason))
        {
            job.Status = jobStatus;
            job.Activity = ActivityFor(jobStatus, reason);
        }
        job.Updated = now;
    }

    /// <summary>Sets the job's status and runs its effects on the tasks and any follow-up status.</summary>
    public Changes ChangeJobStatus(Job job, IReadOnlyList<JobTask> tasks, JobStatus newStatus, string reason)
    {
        var changes = new Changes();
        ApplyJobStatus(job, new Lazy<IReadOnlyList<JobTask>>(tasks), newStatus, reason, changes);
        return changes;
    }

    private static (JobStatus, string)? JobStatusAfterTaskChange(Job job, TaskStatus newStatus)
    {
        var counts = job.TaskCounts;
        var pauseRequestedAndIdle = job.Status == JobStatus.PauseRequested && counts.Active == 0;

        switch (newStatus)
        {
            case TaskStatus.Queued when job.Status == JobStatus.Completed:
                return (JobStatus.Queued, "task was queued");
            case TaskStatus.Paused when pauseRequestedAndIdle:
                return (JobStatus.Paused, "last task got paused");
            case TaskStatus.Canceled when RunnableStatuses.Sum(counts.Get) == 0:
                return (JobStatus.Canceled, "canceled task was last runnable task of job, canceling job");
            case TaskStatus.Canceled when pauseRequestedAndIdle:
                return (JobStatus.Paused, "last task got canceled");
            case TaskStatus.Failed when counts.Failed * 100 / counts.Total >= JobFailurePercentage:
                return (JobStatus.Failed, "too many tasks failed");
            case TaskStatus.Completed when counts.Completed == counts.Total:
                return (JobStatus.Completed, "all tasks completed");
            case TaskStatus.Failed or TaskStatus.Completed when pauseRequestedAndIdle:
                return (JobStatus.Paused, $"last task got {StatusNames.Of(newStatus)}");
            case TaskStatus.Failed or TaskStatus.Completed when job.Status == JobStatus.Queued:
                return (JobStatus.Active, $"task became {StatusNames.Of(newStatus)}");
            case TaskStatus.Active or TaskStatus.SoftFailed
                when job.Status is not (JobStatus.Active or JobStatus.CancelRequested or JobStatus.PauseRequested or JobStatus.Paused):
                return (JobStatus.Active, $"task became {StatusNames.Of(newStatus)}");
            default:
                return null;
        }
    }

    private void ApplyJobStatus(Job job, Lazy<IReadOnlyList<JobTask>> tasks, JobStatus newStatus, string reason, Changes changes)
    {
        JobStatus? next = newStatus;
        while (next is { } status)
        {
            var previous = job.Status;
            job.Status = status;
            job.Activity = ActivityFor(status, reason);
            job.Updated = time.GetUtcNow();
            (next, reason) = ApplyTaskEffects(job, tasks, previous, status, changes);
            if (next == job.Status) next = null;
        }
    }

    /// <summary>What a job status does to the job's tasks, and the status that follows, if any (§4.4).</summary>
    private (JobStatus?, string) ApplyTaskEffects(Job job, Lazy<IReadOnlyList<JobTask>> tasks, JobStatus previous, JobStatus status, Changes changes)
    {
        var jobStatusName = StatusNames.Of(status);
        switch (status)
        {
            case JobStatus.CancelRequested:
                SetTasks(job, tasks.Value, RunnableStatuses, TaskStatus.Canceled,
                    $"Manager cancelled this task because the job got status \"{jobStatusName}\".", changes);
                return (JobStatus.Canceled, "all runnable tasks were canceled");
            case JobStatus.Failed:
                SetTasks(job, tasks.Value, RunnableStatuses, TaskStatus.Canceled,
                    $"Manager cancelled this task because the job got status \"{jobStatusName}\".", changes);
                return (null, "");
            case JobStatus.PauseRequested:
                SetTasks(job, tasks.Value, [TaskStatus.Queued, TaskStatus.SoftFailed], TaskStatus.Paused,
                    $"Manager paused this task because the job got status \"{jobStatusName}\".", changes);
                return job.TaskCounts.Active > 0 ? (null, "") : (JobStatus.Paused, "no task is active any more");
            case JobStatus.Requeueing when previous == JobStatus.UnderConstruction:
                return (null, "");
            case JobStatus.Requeueing:
                TaskStatus[] requeued = previous == JobStatus.Completed
                    ? Enum.GetValues<TaskStatus>()
                    : [TaskStatus.Canceled, TaskStatus.Failed, TaskStatus.Paused, TaskStatus.SoftFailed];
                SetTasks(job, tasks.Value, requeued, TaskStatus.Queued,
                    $"Queued because job transitioned status from \"{StatusNames.Of(previous)}\" to \"{jobStatusName}\"", changes);
                return (JobStatus.Queued, "tasks were queued");
            case JobStatus.Queued when job.TaskCounts.Total > 0 && job.TaskCounts.Completed == job.TaskCounts.Total:
                return (JobStatus.Completed, "all tasks completed");
            default:
                return (null, "");
        }
    }

    private void SetTasks(Job job, IReadOnlyList<JobTask> tasks, IReadOnlyCollection<TaskStatus> from, TaskStatus to, string activity, Changes changes)
    {
        var now = time.GetUtcNow();
        foreach (var task in tasks)
        {
            if (!from.Contains(task.Status)) continue;
            SetStatus(job, task, to, now);
            task.Activity = activity;
            changes.Tasks.Add(task);
        }
    }

    /// <summary>One task's new status, with the job's counts and steps following it.</summary>
    private static void SetStatus(Job job, JobTask task, TaskStatus status, DateTimeOffset now)
    {
        var old = task.Status;
        task.Status = status;
        task.Updated = now;
        if (old == status) return;
        job.TaskCounts.Move(old, status);
        var steps = status switch
        {
            TaskStatus.Completed => task.StepsTotal,
            TaskStatus.Queued => 0,
            _ => task.StepsCompleted,
        };
        job.StepsCompleted += steps - task.StepsCompleted;
        task.StepsCompleted = steps;
    }

    private static string ActivityFor(JobStatus status, string reason) => $"Changed to status \"{StatusNames.Of(status)}\": {reason}";

    /// <summary>The tasks a change touched; the job itself always counts as changed.</summary>
    public sealed class Changes
    {
        public HashSet<JobTask> Tasks { get; } = [];
    }
}
