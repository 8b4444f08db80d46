using System.Net;
using System.Text.Json;
using Flamenco.Api;
using Flamenco.Worker.Lifecycle;
using Flamenco.Worker.ManagerApi;
using Microsoft.Extensions.Logging;

namespace Flamenco.Worker.Tasks;

/// <summary>
/// Asks the Manager, while a task runs, whether it may keep running (reference §1.7); a "no" aborts the task.
/// Anything but a clear "no" (no answer, an error) lets it run on: a passing Manager problem must not kill renders.
/// The asking also keeps the task from timing out on the Manager.
/// </summary>
internal sealed class MayIRunMonitor(ManagerClient manager, WorkerTimings timings, TimeProvider time, ILogger<MayIRunMonitor> logger)
{
    /// <summary>Checks every period until <paramref name="stop"/>; on a "no" cancels <paramref name="abort"/> and returns the reason.</summary>
    public async Task<string?> WatchAsync(Guid taskId, CancellationTokenSource abort, CancellationToken stop)
    {
        using var timer = new PeriodicTimer(timings.MayIRunPeriod, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stop))
            {
                if (await RefusalAsync(taskId, stop) is not { } reason) continue;
                logger.LogWarning("The Manager says task {Task} may not keep running ({Reason}); aborting it", taskId, reason);
                await abort.CancelAsync();
                return reason;
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
        }
        return null;
    }

    private async Task<string?> RefusalAsync(Guid taskId, CancellationToken cancellationToken)
    {
        try
        {
            var answer = await manager.MayIRunAsync(taskId, cancellationToken);
            if (!answer.Is(HttpStatusCode.OK))
            {
                logger.LogWarning("Asking whether task {Task} may keep running: {Answer}; running on", taskId, answer);
                return null;
            }
            var verdict = answer.Read<MayKeepRunning>();
            if (verdict.MayKeepRunningNow) return null;
            return verdict.StatusChangeRequested ? "worker status change requested"
                : string.IsNullOrEmpty(verdict.Reason) ? "manager said NO" : verdict.Reason;
        }
        catch (Exception e) when (e is ManagerUnreachableException or ManagerProtocolException or JsonException)
        {
            logger.LogWarning("Asking whether task {Task} may keep running: {Problem}; running on", taskId, e.Message);
            return null;
        }
    }
}
