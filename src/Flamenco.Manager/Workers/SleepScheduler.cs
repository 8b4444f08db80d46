using Flamenco.Manager.Persistence;

namespace Flamenco.Manager.Workers;

/// <summary>
/// Applies the workers' sleep schedules (manager.md §5.5): 2 seconds after start, then every minute, each active
/// schedule whose next check is due gets a new next check and is applied (<see cref="WorkerService.ApplySleepSchedule"/>).
/// </summary>
public sealed class SleepScheduler(IWorkerStore store, WorkerService workers, TimeProvider time, ILogger<SleepScheduler> logger)
    : PeriodicWorkerService(time, logger)
{
    protected override TimeSpan FirstRound => TimeSpan.FromSeconds(2);

    protected override TimeSpan Interval => TimeSpan.FromMinutes(1);

    public override void RunRound()
    {
        var now = Time.GetUtcNow();
        foreach (var worker in store.ListWorkers())
        {
            if (worker.SleepSchedule is { IsActive: true } schedule && (schedule.NextCheck is null || schedule.NextCheck <= now))
            {
                workers.CheckSleepSchedule(worker.Id);
            }
        }
    }
}
