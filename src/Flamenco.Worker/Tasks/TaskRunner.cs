using Flamenco.Api;
using Microsoft.Extensions.Logging;

namespace Flamenco.Worker.Tasks;

/// <summary>Runs an assigned task while asking the Manager whether it may go on; a refusal cancels it (reference §1.7).</summary>
internal sealed class TaskRunner(TaskExecutor executor, MayIRunMonitor monitor, ILogger<TaskRunner> logger)
{
    public async Task<TaskOutcome> RunAsync(AssignedTask task, CancellationToken cancellationToken)
    {
        var taskId = Guid.Parse(task.Uuid);
        logger.LogInformation("Running task {Task} ({Name}, job {Job}, {Commands} commands)", taskId, task.Name, task.Job, task.Commands.Count);
        using var abort = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        using var stopWatching = new CancellationTokenSource();
        var watching = monitor.WatchAsync(taskId, abort, stopWatching.Token);
        TaskOutcome outcome;
        try
        {
            outcome = await executor.ExecuteAsync(task, abort.Token);
        }
        finally
        {
            await stopWatching.CancelAsync();
        }
        if (await watching is { } reason)
        {
            logger.LogWarning("Task {Task} aborted: {Reason}", taskId, reason);
            return TaskOutcome.Aborted;
        }
        logger.LogInformation("Task {Task} ended: {Outcome}", taskId, outcome);
        return outcome;
    }
}
