using Flamenco.Manager.Hosting;
using Flamenco.Manager.Workers;
using Microsoft.Extensions.Options;

namespace Flamenco.Manager.Scheduling;

/// <summary>
/// Fails tasks whose worker stopped reporting on them for <c>task_timeout</c> (manager.md §5.4): first round 5 minutes
/// after start, so workers can reconnect after a Manager restart, then every minute; <c>0</c> switches it off.
/// </summary>
public sealed class TaskTimeoutChecker(TaskDispatcher dispatcher, IOptionsMonitor<ManagerOptions> options, TimeProvider time, ILogger<TaskTimeoutChecker> logger)
    : PeriodicWorkerService(time, logger)
{
    private readonly TimeProvider _time = time;

    protected override TimeSpan FirstRound => TimeSpan.FromMinutes(5);

    protected override TimeSpan Interval => TimeSpan.FromMinutes(1);

    public override void RunRound()
    {
        var timeout = options.CurrentValue.TaskTimeout.Value;
        if (timeout > TimeSpan.Zero) dispatcher.TimeOutTasks(_time.GetUtcNow() - timeout);
    }
}
