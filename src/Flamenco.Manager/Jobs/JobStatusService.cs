using Flamenco.Api;
using Flamenco.Manager.Events;
using Flamenco.Manager.Persistence;
using Flamenco.Manager.Scheduling;
using Flamenco.Manager.TaskLogs;

namespace Flamenco.Manager.Jobs;

/// <summary>
/// Status and priority changes requested through the API. Upstream Flamenco accepts any status here and runs its
/// side effects (manager.md §9.3 Q10); we accept only the transitions its web UI offers and refuse the rest with
/// the reason, changing nothing.
/// </summary>
public sealed class JobStatusService(
    IJobStore store, JobStateMachine stateMachine, SchedulingState scheduling, JobEvents events, TaskLogger taskLogger, TimeProvider time)
    : IWorkerTaskRequeuer
{
    private static readonly Dictionary<JobStatus, JobStatus[]> JobTransitions = new()
    {
        [JobStatus.CancelRequested] = [JobStatus.Active, JobStatus.Failed, JobStatus.Paused, JobStatus.PauseRequested, JobStatus.Queued],
        [JobStatus.PauseRequested] = [JobStatus.Active, JobStatus.Canceled, JobStatus.Queued],
        [JobStatus.Requeueing] = [JobStatus.Canceled, JobStatus.Completed, JobStatus.Failed, JobStatus.Paused],
    };

    private static readonly Dictionary<TaskStatus, TaskStatus[]> TaskTransitions = new()
    {
        [TaskStatus.Canceled] = [TaskStatus.Active, TaskStatus.Queued, TaskStatus.SoftFailed],
        [TaskStatus.Queued] = [TaskStatus.Canceled, TaskStatus.Completed, TaskStatus.Failed],
    };

    public ChangeOutcome RequestJobStatus(Guid jobId, JobStatus status, string reason)
    {
        lock (scheduling.Lock)
        {
            var job = store.FindJob(jobId);
            if (job is null) return ChangeOutcome.NotFound;
            if (!JobTransitions.TryGetValue(status, out var allowedFrom))
            {
                return ChangeOutcome.Refused(
                    $"status: a job's status can only be set to {Quoted(JobTransitions.Keys.Select(StatusNames.Of))}, not \"{StatusNames.Of(status)}\"");
            }
            if (!allowedFrom.Contains(job.Status))
            {
                return ChangeOutcome.Refused(
                    $"status: a job with status \"{StatusNames.Of(job.Status)}\" cannot go to \"{StatusNames.Of(status)}\"; " +
                    $"that is only possible from {Quoted(allowedFrom.Select(StatusNames.Of))}");
            }

            var tasks = store.TasksOfJob(jobId);
            var before = job.Status;
            var changes = stateMachine.ChangeJobStatus(job, tasks, status, reason);
            if (status == JobStatus.Requeueing)
            {
                // A requeued job gets a fresh start: workers that failed its tasks may try again.
                foreach (var task in tasks.Where(t => t.FailedByWorkers.Count > 0))
                {
                    task.FailedByWorkers.Clear();
                    changes.Tasks.Add(task);
                }
                job.Blocklist.Clear();
            }
            store.Save(job, changes.Tasks);
            scheduling.Reindex(job, tasks);
            events.Changed(job, before, changes, null, null, null);
            return ChangeOutcome.Done;
        }
    }

    public ChangeOutcome RequestTaskStatus(Guid taskId, TaskStatus status, string reason)
    {
        lock (scheduling.Lock)
        {
            var task = store.FindTask(taskId);
            if (task is null) return ChangeOutcome.NotFound;
            if (!TaskTransitions.TryGetValue(status, out var allowedFrom))
            {
                return ChangeOutcome.Refused(
                    $"status: a task's status can only be set to {Quoted(TaskTransitions.Keys.Select(StatusNames.Of))}, not \"{StatusNames.Of(status)}\"");
            }
            if (!allowedFrom.Contains(task.Status))
            {
                return ChangeOutcome.Refused(
                    $"status: a task with status \"{StatusNames.Of(task.Status)}\" cannot go to \"{StatusNames.Of(status)}\"; " +
                    $"that is only possible from {Quoted(allowedFrom.Select(StatusNames.Of))}");
            }
            var job = store.FindJob(task.JobId)!;
            if (status == TaskStatus.Canceled && job.Status == JobStatus.PauseRequested)
            {
                return ChangeOutcome.Refused("status: tasks cannot be canceled while their job is being paused (pause-requested)");
            }

            // Work on the task instance inside the job's task list, so the ripple sees its new status.
            var tasks = store.TasksOfJob(task.JobId);
            task = tasks.Single(t => t.Id == taskId);
            task.Activity = reason;
            if (status == TaskStatus.Queued) task.FailedByWorkers.Clear();
            var (jobBefore, taskBefore) = (job.Status, task.Status);
            var changes = stateMachine.ChangeTaskStatus(job, tasks, task, status);
            store.Save(job, changes.Tasks);
            scheduling.Reindex(job, tasks);
            events.Changed(job, jobBefore, changes, task, taskBefore, null);
            if (taskBefore != status) taskLogger.Append(job.Id, task.Id, TaskDispatcher.StatusLine(taskBefore, status));
            return ChangeOutcome.Done;
        }
    }

    public ChangeOutcome SetPriority(Guid jobId, int priority)
    {
        lock (scheduling.Lock)
        {
            var job = store.FindJob(jobId);
            if (job is null) return ChangeOutcome.NotFound;
            job.Priority = priority;
            job.Updated = time.GetUtcNow();
            store.Save(job, []);
            if (scheduling.Index.Contains(jobId)) scheduling.Reindex(job, store.TasksOfJob(jobId));
            events.JobChanged(job, null, false);
            return ChangeOutcome.Done;
        }
    }

    public void RequeueActiveTasks(Workers.Worker worker, string reason)
    {
        lock (scheduling.Lock)
        {
            foreach (var jobTasks in store.ActiveTasksOfWorker(worker.Id).GroupBy(t => t.JobId))
            {
                var job = store.FindJob(jobTasks.Key)!;
                var tasks = store.TasksOfJob(job.Id);
                var changed = new HashSet<JobTask>();
                var jobBefore = job.Status;
                foreach (var id in jobTasks.Select(t => t.Id))
                {
                    var task = tasks.Single(t => t.Id == id);
                    var target = job.Status is JobStatus.PauseRequested or JobStatus.Paused ? TaskStatus.Paused : TaskStatus.Queued;
                    task.Activity = $"Task was {StatusNames.Of(target)} by Manager because {reason}";
                    changed.UnionWith(stateMachine.ChangeTaskStatus(job, tasks, task, target).Tasks);
                    events.TaskChanged(task, TaskStatus.Active, worker);
                    taskLogger.Append(job.Id, task.Id, $"{task.Activity}\n{TaskDispatcher.StatusLine(TaskStatus.Active, target)}");
                }
                store.Save(job, changed);
                scheduling.Reindex(job, tasks);
                events.JobChanged(job, job.Status != jobBefore ? jobBefore : null, false);
            }
        }
    }

    private static string Quoted(IEnumerable<string> names) => string.Join(", ", names.Select(n => $"\"{n}\""));
}

/// <summary>What became of a requested change.</summary>
public sealed record ChangeOutcome(bool Found, string? Refusal)
{
    public static ChangeOutcome Done { get; } = new(true, null);

    public static ChangeOutcome NotFound { get; } = new(false, null);

    public static ChangeOutcome Refused(string reason) => new(true, reason);
}
