using Flamenco.Api;

namespace Flamenco.Manager.Events;

/// <summary>
/// Writes the events an operator reads the log for as one readable line each: a job's status changing, a task failing
/// with the worker's reason. Taken from the event bus, so every way a change happens (API, scheduler, timeouts) is
/// logged alike. Submissions, deletions and worker sign-on/off are logged where they happen.
/// </summary>
public sealed class EventLogWriter(EventBus bus, ILogger<EventLogWriter> logger) : IHostedService, IDisposable
{
    private readonly List<IDisposable> _subscriptions = [];

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _subscriptions.Add(bus.Subscribe<EventJobUpdate>(JobUpdated));
        _subscriptions.Add(bus.Subscribe<EventTaskUpdate>(TaskUpdated));
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public void Dispose() => _subscriptions.ForEach(s => s.Dispose());

    private void JobUpdated(EventJobUpdate job)
    {
        if (job.PreviousStatus is { } previous && previous != job.Status)
            logger.LogInformation("Job \"{JobName}\" ({JobId}): {PreviousStatus} -> {Status}", job.Name, job.Id, StatusNames.Of(previous), StatusNames.Of(job.Status));
    }

    private void TaskUpdated(EventTaskUpdate task)
    {
        if (task.Status is TaskStatus.Failed or TaskStatus.SoftFailed && task.PreviousStatus != task.Status)
            logger.LogWarning("Task \"{TaskName}\" ({TaskId}) of job {JobId} {Status} on worker {Worker}: {Reason}",
                task.Name, task.Id, task.JobId, StatusNames.Of(task.Status), task.Worker?.Name ?? "-", task.Activity);
    }
}
