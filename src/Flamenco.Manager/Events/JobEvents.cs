using Flamenco.Api;
using Flamenco.Manager.Jobs;
using Job = Flamenco.Manager.Jobs.Job;

namespace Flamenco.Manager.Events;

/// <summary>Turns job and task changes into Flamenco's event payloads on the <see cref="EventBus"/>.</summary>
public sealed class JobEvents(EventBus bus)
{
    /// <param name="job">The job as saved.</param>
    /// <param name="previousStatus">Its status before the change; null for a new job.</param>
    /// <param name="refreshTasks">Whether many tasks changed at once (clients reload the job's tasks instead of getting an event per task).</param>
    public void JobChanged(Job job, JobStatus? previousStatus, bool refreshTasks) => bus.Publish(Update(job, job.Updated) with
    {
        Name = job.Name,
        PreviousStatus = previousStatus,
        RefreshTasks = refreshTasks,
        DeleteRequestedAt = job.DeleteRequestedAt,
    });

    /// <summary>
    /// The job is gone. Flamenco sends only the id with <c>was_deleted</c>; the schema requires a few more fields, which
    /// carry the job's last values (<paramref name="now"/> as its last update) so the event still validates.
    /// </summary>
    public void JobDeleted(Job job, DateTimeOffset now) => bus.Publish(Update(job, now) with { WasDeleted = true });

    /// <summary>The fields every job update carries.</summary>
    private static EventJobUpdate Update(Job job, DateTimeOffset updated) => new()
    {
        Id = job.Id.ToString(),
        Updated = updated,
        Status = job.Status,
        Type = job.Type,
        Priority = job.Priority,
        RefreshTasks = false,
        StepsCompleted = job.StepsCompleted,
        StepsTotal = job.StepsTotal,
    };

    public void TaskChanged(JobTask task, TaskStatus? previousStatus, Workers.Worker? worker) => bus.Publish(new EventTaskUpdate
    {
        Id = task.Id.ToString(),
        JobId = task.JobId.ToString(),
        Worker = worker is null ? null : new AssignedWorker { Name = worker.Name, Uuid = worker.Id.ToString() },
        Name = task.Name,
        Updated = task.Updated,
        Status = task.Status,
        PreviousStatus = previousStatus,
        Activity = task.Activity,
        StepsCompleted = task.StepsCompleted,
        StepsTotal = task.StepsTotal,
    });

    /// <summary>
    /// The events of one state-machine change: the task that was changed on purpose gets its own event; a change
    /// that touched other tasks too is announced as a job update with <c>refresh_tasks</c>, as upstream does.
    /// </summary>
    public void Changed(Job job, JobStatus jobStatusBefore, JobStateMachine.Changes changes, JobTask? task, TaskStatus? taskStatusBefore, Workers.Worker? worker)
    {
        if (task is not null) TaskChanged(task, taskStatusBefore, worker);
        var othersChanged = changes.Tasks.Any(t => t != task);
        JobChanged(job, job.Status != jobStatusBefore ? jobStatusBefore : null, othersChanged);
    }
}
