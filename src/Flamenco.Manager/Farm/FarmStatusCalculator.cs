using Flamenco.Api;

namespace Flamenco.Manager.Farm;

/// <summary>The farm's overall status from its workers and jobs (reference/manager.md §5.6).</summary>
public static class FarmStatusCalculator
{
    /// <param name="workers">Statuses of the workers that are not deleted.</param>
    /// <param name="jobs">Statuses of the jobs; only asked for when some worker can work.</param>
    public static FarmStatus Compute(IReadOnlyCollection<WorkerStatus> workers, Func<IReadOnlyCollection<JobStatus>> jobs)
    {
        if (workers.All(w => w is WorkerStatus.Offline or WorkerStatus.Error)) return FarmStatus.Inoperative;

        var jobStatuses = jobs();
        var anyJobActive = jobStatuses.Contains(JobStatus.Active);
        if (anyJobActive && workers.Contains(WorkerStatus.Awake)) return FarmStatus.Active;
        if (anyJobActive || jobStatuses.Contains(JobStatus.Queued)) return FarmStatus.Waiting;
        if (!workers.Contains(WorkerStatus.Awake) && workers.Contains(WorkerStatus.Asleep)) return FarmStatus.Asleep;
        return FarmStatus.Idle;
    }
}
