using Flamenco.Api;
using Flamenco.Manager.Hosting;
using Flamenco.Manager.Persistence;
using Microsoft.Extensions.Options;

namespace Flamenco.Manager.Workers;

/// <summary>
/// Puts workers that stopped calling in into <c>error</c> (manager.md §5.4): every non-deleted worker that is not
/// already in <c>error</c> or <c>offline</c> and was last seen <c>worker_timeout</c> ago or longer. As upstream, the
/// first round is 5 minutes after start (so workers can reconnect after a Manager restart), then one every minute.
/// </summary>
public sealed class WorkerTimeoutChecker(
    IWorkerStore store,
    WorkerService workers,
    WorkerPresence presence,
    IOptionsMonitor<ManagerOptions> options,
    TimeProvider time,
    ILogger<WorkerTimeoutChecker> logger) : PeriodicWorkerService(time, logger)
{
    protected override TimeSpan FirstRound => TimeSpan.FromMinutes(5);

    protected override TimeSpan Interval => TimeSpan.FromMinutes(1);

    public override void RunRound()
    {
        var timeout = options.CurrentValue.WorkerTimeout.Value;
        if (timeout <= TimeSpan.Zero) return;
        var threshold = Time.GetUtcNow() - timeout;
        foreach (var worker in store.ListWorkers())
        {
            if (worker.Status is WorkerStatus.Error or WorkerStatus.Offline or null) continue;
            if (presence.LastSeen(worker) is { } seen && seen <= threshold) workers.TimeOut(worker.Id, threshold);
        }
    }
}
