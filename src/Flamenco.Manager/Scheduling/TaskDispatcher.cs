using Flamenco.Api;
using Flamenco.Manager.Events;
using Flamenco.Manager.Hosting;
using Flamenco.Manager.Jobs;
using Flamenco.Manager.Persistence;
using Flamenco.Manager.TaskLogs;
using Flamenco.Manager.Variables;
using Flamenco.Manager.Workers;
using Microsoft.Extensions.Options;
using Job = Flamenco.Manager.Jobs.Job;

namespace Flamenco.Manager.Scheduling;

/// <summary>
/// The worker side of tasks: handing out the next task (manager.md §5.1), "may I keep running" and the updates a
/// worker sends, including what a failure means for the task, the worker and the job (§5.3). Everything runs under
/// <see cref="SchedulingState.Lock"/>, so a task can never go to two workers.
/// </summary>
public sealed class TaskDispatcher(
    IJobStore store,
    IWorkerStore workers,
    JobStateMachine stateMachine,
    SchedulingState scheduling,
    JobEvents events,
    TaskLogger taskLogger,
    IOptionsMonitor<ManagerOptions> options,
    TimeProvider time,
    ILogger<TaskDispatcher> logger)
{
    /// <summary>
    /// The worker's task: the active one it already has (it asked again, e.g. after a restart), or the best runnable
    /// one, now assigned to it. Null when there is nothing for it.
    /// </summary>
    public (Job Job, JobTask Task)? Schedule(Worker worker)
    {
        lock (scheduling.Lock)
        {
            var assigned = scheduling.AssignedTaskOfWorker;
            if (assigned.TryGetValue(worker.Id, out var assignedId))
            {
                if (store.FindTask(assignedId) is { Status: TaskStatus.Active } active && active.WorkerId == worker.Id
                    && store.FindJob(active.JobId) is { Status: JobStatus.Active or JobStatus.Queued } activeJob)
                {
                    return (activeJob, active);
                }
                assigned.Remove(worker.Id);
            }

            if (scheduling.Index.FindFor(worker) is not var (jobId, taskId)) return null;
            var job = store.FindJob(jobId)!;
            var task = store.FindTask(taskId)!;
            var (jobBefore, taskBefore) = (job.Status, task.Status);
            stateMachine.AssignTask(job, task, worker.Id);
            store.Save(job, [task]);
            scheduling.Index.TaskStatusChanged(jobId, taskId, TaskStatus.Active);
            assigned[worker.Id] = taskId;
            events.TaskChanged(task, taskBefore, worker);
            if (job.Status != jobBefore) events.JobChanged(job, jobBefore, false);
            taskLogger.Append(job.Id, task.Id, $"Task assigned to worker {worker.Name} ({worker.Id})\n{StatusLine(taskBefore, TaskStatus.Active)}");
            logger.LogInformation("Task {Task} ({TaskName}) of job {Job} assigned to worker {Worker} ({WorkerId})", task.Id, task.Name, job.Id, worker.Name, worker.Id);
            return (job, task);
        }
    }

    /// <summary>Whether the worker may go on with the task; touching it keeps it from timing out (manager.md §5.1).</summary>
    public MayKeepRunning MayKeepRunning(Worker worker, Guid taskId)
    {
        static MayKeepRunning No(string reason, bool statusChange = false) =>
            new() { MayKeepRunningNow = false, Reason = reason, StatusChangeRequested = statusChange };

        lock (scheduling.Lock)
        {
            var task = store.FindTask(taskId);
            if (task is null) return No("Task not found");
            if (worker.StatusRequested is not null && !worker.LazyStatusRequest) return No("worker status change requested", true);
            if (task.WorkerId != worker.Id) return No("task not assigned to this worker");
            if (task.Status != TaskStatus.Active) return No($"task is in non-runnable status \"{StatusNames.Of(task.Status)}\"");
            task.LastTouched = time.GetUtcNow();
            store.SaveTask(task);
            return new() { MayKeepRunningNow = true, Reason = "", StatusChangeRequested = false };
        }
    }

    /// <summary>Applies a worker's task update; refuses updates for tasks that are not (any more) this worker's active task.</summary>
    public UpdateOutcome Update(Worker worker, Guid taskId, TaskUpdate update)
    {
        if (update.TaskStatus is { } requested && requested is not (TaskStatus.Active or TaskStatus.Completed or TaskStatus.Failed))
        {
            return UpdateOutcome.Refused(400, $"taskStatus: a worker may only report \"active\", \"completed\" or \"failed\", not \"{StatusNames.Of(requested)}\"");
        }

        lock (scheduling.Lock)
        {
            var task = store.FindTask(taskId);
            if (task is null) return UpdateOutcome.Refused(404, $"no such task: {taskId}");
            if (task.WorkerId is null) return UpdateOutcome.Refused(409, $"task {taskId} is not assigned to any worker, so also not to you");
            if (task.WorkerId != worker.Id) return UpdateOutcome.Refused(409, $"task {taskId} is not assigned to you");
            // Upstream applies late updates whatever the task's status (Q6); a canceled or requeued task stays so.
            if (task.Status != TaskStatus.Active)
            {
                return UpdateOutcome.Refused(409, $"task {taskId} is not active any more (status \"{StatusNames.Of(task.Status)}\"); the update was ignored");
            }

            var job = store.FindJob(task.JobId)!;
            var now = time.GetUtcNow();
            task.LastTouched = now;
            // The worker's own log lines go in as they are; the Manager's lines below get timestamps.
            if (!string.IsNullOrEmpty(update.Log)) taskLogger.AppendFromWorker(job.Id, task.Id, update.Log);
            if (update.Activity is { } activity) task.Activity = activity;
            if (update.StepsCompleted is { } steps)
            {
                var clamped = Math.Clamp(steps, 0, task.StepsTotal);
                job.StepsCompleted += clamped - task.StepsCompleted;
                task.StepsCompleted = clamped;
            }

            var (jobBefore, taskBefore) = (job.Status, task.Status);
            var changes = update.TaskStatus switch
            {
                TaskStatus.Completed => Complete(job, task),
                TaskStatus.Failed => HandleFailure(job, task, worker),
                _ => Touch(job, task, now),
            };
            // A failure works on a fresh copy of the task loaded with its job; report that one.
            var reported = changes.Tasks.FirstOrDefault(t => t.Id == taskId) ?? task;
            // A finished task is not the worker's any more: its next poll need not look at it.
            if (reported.Status != TaskStatus.Active) scheduling.AssignedTaskOfWorker.Remove(worker.Id);
            events.Changed(job, jobBefore, changes, reported, taskBefore, worker);
            if (reported.Status != taskBefore) taskLogger.Append(job.Id, task.Id, StatusLine(taskBefore, reported.Status));
            return UpdateOutcome.Done;
        }
    }

    /// <summary>
    /// Active tasks nobody touched since <paramref name="threshold"/> (manager.md §5.4). Upstream fails them outright;
    /// here a timeout counts as a failure by the worker that had the task (Q15), so the task is retried elsewhere
    /// unless too many workers failed it, with the usual blocklist and job rules.
    /// </summary>
    public int TimeOutTasks(DateTimeOffset threshold)
    {
        lock (scheduling.Lock)
        {
            var timedOut = store.ActiveTasksUntouchedSince(threshold);
            foreach (var task in timedOut)
            {
                var job = store.FindJob(task.JobId)!;
                var worker = task.WorkerId is { } workerId ? workers.Find(workerId) : null;
                var who = worker is null ? "-unassigned-" : $"{worker.Name} ({worker.Id})";
                var since = task.LastTouched?.ToString("yyyy-MM-ddTHH:mm:ssK", System.Globalization.CultureInfo.InvariantCulture) ?? "forever";
                taskLogger.Append(job.Id, task.Id, $"Task timed out. It was assigned to worker {who}, but untouched since {since}");
                task.Activity = $"Task timed out on worker {who}";
                var (jobBefore, taskBefore) = (job.Status, task.Status);
                JobStateMachine.Changes changes;
                if (worker is not null)
                {
                    changes = HandleFailure(job, task, worker);
                }
                else
                {
                    var tasks = store.TasksOfJob(job.Id).Select(t => t.Id == task.Id ? task : t).ToList();
                    changes = stateMachine.ChangeTaskStatus(job, tasks, task, TaskStatus.Failed);
                    store.Save(job, changes.Tasks);
                    scheduling.Reindex(job, tasks);
                }
                var reported = changes.Tasks.FirstOrDefault(t => t.Id == task.Id) ?? task;
                events.Changed(job, jobBefore, changes, reported, taskBefore, worker);
                taskLogger.Append(job.Id, task.Id, StatusLine(taskBefore, reported.Status));
                logger.LogWarning("Task {Task} of job {Job} timed out on worker {Worker}", task.Id, job.Id, who);
            }
            return timedOut.Count;
        }
    }

    /// <summary>
    /// A worker failed a task (§5.3), with upstream's counting errors fixed: the current failure counts once towards
    /// the blocklist (Q3), a job fails only when no worker at all is left to try the task (Q2), and only workers that
    /// exist, are not deleted, run the task type and may run the job count as left (Q4).
    /// </summary>
    private JobStateMachine.Changes HandleFailure(Job job, JobTask failedTask, Worker worker)
    {
        var tasks = store.TasksOfJob(job.Id);
        var task = tasks.Single(t => t.Id == failedTask.Id);
        task.Activity = failedTask.Activity;
        task.StepsCompleted = failedTask.StepsCompleted;
        task.LastTouched = failedTask.LastTouched;
        if (!task.FailedByWorkers.Contains(worker.Id)) task.FailedByWorkers.Add(worker.Id);
        scheduling.Index.WorkerFailedTask(job.Id, task.Id, worker.Id);
        var settings = options.CurrentValue;
        var changes = new JobStateMachine.Changes();
        var changed = changes.Tasks;
        changed.Add(task);

        var failuresOfType = tasks.Count(t => t.FailedByWorkers.Contains(worker.Id) && string.Equals(t.Type, task.Type, StringComparison.OrdinalIgnoreCase));
        if (failuresOfType >= settings.BlocklistThreshold && !job.Blocklist.Any(b => b.WorkerId == worker.Id && b.TaskType == task.Type))
        {
            job.Blocklist.Add(new BlocklistEntry { WorkerId = worker.Id, TaskType = task.Type, Created = time.GetUtcNow() });
            scheduling.Index.WorkerBlocklisted(job.Id, worker.Id, task.Type);
            logger.LogInformation("Worker {Worker} blocked from tasks of type {TaskType} of job {Job}", worker.Name, task.Type, job.Id);
            if (WorkersLeft(job, task) > 0)
            {
                var target = job.Status is JobStatus.PauseRequested or JobStatus.Paused ? TaskStatus.Paused : TaskStatus.Queued;
                foreach (var earlier in tasks.Where(t => t.Status == TaskStatus.Failed && t.WorkerId == worker.Id && t.Id != task.Id).ToList())
                {
                    earlier.Activity = $"Task was {StatusNames.Of(target)} by Manager because worker {worker.Name} was blocked from tasks of type \"{task.Type}\"";
                    taskLogger.Append(job.Id, earlier.Id, earlier.Activity);
                    changed.UnionWith(stateMachine.ChangeTaskStatus(job, tasks, earlier, target).Tasks);
                }
            }
        }

        var failedBy = task.FailedByWorkers.Count;
        if (failedBy >= settings.TaskFailAfterSoftFailCount)
        {
            taskLogger.Append(job.Id, task.Id, $"Task failed by {Workers(failedBy)}, Manager will mark it as hard failure");
            changed.UnionWith(stateMachine.ChangeTaskStatus(job, tasks, task, TaskStatus.Failed).Tasks);
        }
        else if (WorkersLeft(job, task) == 0)
        {
            taskLogger.Append(job.Id, task.Id, $"Task failed by worker {worker.Name} ({worker.Id}), Manager will fail the entire job as there are no more workers left for tasks of type \"{task.Type}\".");
            changed.UnionWith(stateMachine.ChangeTaskStatus(job, tasks, task, TaskStatus.Failed).Tasks);
            var reason = $"no more workers left to run tasks of type \"{task.Type}\"";
            // The failed task may have failed the job already (10 % rule); the reason to show is this one.
            if (job.Status == JobStatus.Failed) job.Activity = $"Changed to status \"failed\": {reason}";
            else changed.UnionWith(stateMachine.ChangeJobStatus(job, tasks, JobStatus.Failed, reason).Tasks);
        }
        else
        {
            var more = settings.TaskFailAfterSoftFailCount - failedBy;
            taskLogger.Append(job.Id, task.Id, $"Task failed by {Workers(failedBy)}, Manager will mark it as soft failure. {more} more {(more == 1 ? "failure" : "failures")} will cause hard failure.");
            changed.UnionWith(stateMachine.ChangeTaskStatus(job, tasks, task, TaskStatus.SoftFailed).Tasks);
        }

        store.Save(job, changed);
        scheduling.Reindex(job, tasks);
        return changes;
    }

    /// <summary>Workers that could still run this task: they exist, run its type, may run the job, and neither failed it nor are blocked.</summary>
    private int WorkersLeft(Job job, JobTask task) => workers.ListWorkers().Count(w =>
        w.SupportedTaskTypes.Contains(task.Type, StringComparer.OrdinalIgnoreCase)
        && (job.WorkerTagId is not { } tag || w.Tags.Contains(tag))
        && !task.FailedByWorkers.Contains(w.Id)
        && !job.Blocklist.Any(b => b.WorkerId == w.Id && string.Equals(b.TaskType, task.Type, StringComparison.OrdinalIgnoreCase)));

    private JobStateMachine.Changes Touch(Job job, JobTask task, DateTimeOffset now)
    {
        task.Updated = now;
        store.Save(job, [task]);
        return new JobStateMachine.Changes { Tasks = { task } };
    }

    private JobStateMachine.Changes Complete(Job job, JobTask task)
    {
        IReadOnlyList<JobTask>? all = null;
        IReadOnlyList<JobTask> AllTasks() => all ??= store.TasksOfJob(job.Id).Select(t => t.Id == task.Id ? task : t).ToList();

        var jobStatus = job.Status;
        var changes = stateMachine.ChangeTaskStatus(job, task, TaskStatus.Completed, AllTasks);
        store.Save(job, changes.Tasks);
        if (job.Status != jobStatus) scheduling.Reindex(job, AllTasks());
        else foreach (var changed in changes.Tasks) scheduling.Index.TaskStatusChanged(job.Id, changed.Id, changed.Status);
        return changes;
    }

    /// <summary>The line upstream writes into a task's log on every status change (§4.2).</summary>
    public static string StatusLine(TaskStatus from, TaskStatus to) => $"task changed status {StatusNames.Of(from)} -> {StatusNames.Of(to)}";

    private static string Workers(int count) => count == 1 ? "1 worker" : $"{count} workers";

    /// <summary>The task as a worker receives it, its command parameters expanded for the worker's platform.</summary>
    public static AssignedTask ToAssignedTask(Job job, JobTask task, VariableExpander variables) => new()
    {
        Uuid = task.Id.ToString(),
        Job = job.Id.ToString(),
        Name = task.Name,
        Status = task.Status,
        Priority = task.Priority,
        JobPriority = job.Priority,
        JobType = job.Type,
        TaskType = task.Type,
        Commands = variables.ExpandCommands(task.CommandsJson),
        StepsCompleted = task.StepsCompleted,
        StepsTotal = task.StepsTotal,
    };
}

/// <summary>What became of a worker's task update.</summary>
public sealed record UpdateOutcome(int StatusCode, string? Message)
{
    public static UpdateOutcome Done { get; } = new(204, null);

    public static UpdateOutcome Refused(int statusCode, string message) => new(statusCode, message);
}
