using Flamenco.Api;
using Flamenco.Worker.ManagerApi;
using Microsoft.Extensions.Logging;

namespace Flamenco.Worker.Lifecycle;

/// <summary>
/// The worker's statuses (reference §1.4): awake and asleep run until the Manager asks for another; offline and
/// restart end the worker. Awake and asleep are acknowledged to the Manager; offline and restart are not, the
/// sign-off at shutdown settles them.
/// </summary>
internal sealed class WorkerStateMachine(ManagerClient manager, AwakeLoop awake, AsleepLoop asleep, ILogger<WorkerStateMachine> logger)
{
    /// <summary>Runs from <paramref name="initial"/> until the Manager asks the worker to stop; returns how (offline or restart).</summary>
    public async Task<WorkerStatus> RunAsync(WorkerStatus initial, CancellationToken cancellationToken)
    {
        var status = initial;
        while (true)
        {
            switch (status)
            {
                case WorkerStatus.Offline or WorkerStatus.Restart:
                    logger.LogInformation("The Manager asks this worker to {Action}", status == WorkerStatus.Offline ? "shut down" : "restart");
                    return status;
                case WorkerStatus.Awake:
                    await AcknowledgeAsync(status, cancellationToken);
                    status = await awake.RunAsync(cancellationToken);
                    break;
                case WorkerStatus.Asleep:
                    await AcknowledgeAsync(status, cancellationToken);
                    status = await asleep.RunAsync(cancellationToken);
                    break;
                default:
                    logger.LogWarning("The Manager asks for status {Status}, which a worker cannot be in; going to sleep instead", StatusNames.Of(status));
                    status = WorkerStatus.Asleep;
                    break;
            }
        }
    }

    private async Task AcknowledgeAsync(WorkerStatus status, CancellationToken cancellationToken)
    {
        logger.LogInformation("Worker is {Status}", StatusNames.Of(status));
        try
        {
            var answer = await manager.StateChangedAsync(status, cancellationToken);
            if (answer.Code is < 200 or >= 300) logger.LogWarning("The Manager did not take the status change to {Status}: {Answer}", StatusNames.Of(status), answer);
        }
        catch (ManagerUnreachableException e)
        {
            logger.LogWarning("Cannot tell the Manager this worker is {Status}: {Problem}", StatusNames.Of(status), e.Message);
        }
    }
}
