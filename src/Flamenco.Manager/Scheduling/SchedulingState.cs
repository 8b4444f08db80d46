using Flamenco.Api;
using Flamenco.Manager.Jobs;
using Flamenco.Manager.Persistence;
using Job = Flamenco.Manager.Jobs.Job;

namespace Flamenco.Manager.Scheduling;

/// <summary>
/// What every change to jobs and tasks shares: one lock (like upstream's state-machine and scheduler mutexes, so a
/// task can never be handed to two workers) and the in-memory index of runnable tasks, which each change keeps up
/// to date while holding the lock.
/// </summary>
public sealed class SchedulingState(IJobStore store)
{
    private RunnableTaskIndex? _index;
    private Dictionary<Guid, Guid>? _assigned;

    public Lock Lock { get; } = new();

    /// <summary>
    /// The task each worker was last given, so a worker asking again gets it back without a database query. Entries
    /// may be stale (the task finished or was taken away); users check the task before trusting one. Hold <see cref="Lock"/>.
    /// </summary>
    public Dictionary<Guid, Guid> AssignedTaskOfWorker => _assigned ??= store.ActiveTasks()
        .Where(t => t.WorkerId is not null)
        .GroupBy(t => t.WorkerId!.Value)
        .ToDictionary(g => g.Key, g => g.First().Id);

    /// <summary>The runnable tasks; built from the database on first use. Only touch it while holding <see cref="Lock"/>.</summary>
    public RunnableTaskIndex Index => _index ??= Build();

    /// <summary>Re-indexes a job after a change that may have touched many of its tasks. Hold <see cref="Lock"/>.</summary>
    public void Reindex(Job job, IReadOnlyList<JobTask> tasks) => Index.IndexJob(job, tasks, BlocklistOf(job));

    public static IReadOnlySet<(Guid WorkerId, string TaskType)> BlocklistOf(Job job) =>
        job.Blocklist.Select(b => (b.WorkerId, b.TaskType)).ToHashSet();

    private RunnableTaskIndex Build()
    {
        var index = new RunnableTaskIndex();
        foreach (var job in store.JobsWithStatus(JobStatus.Queued, JobStatus.Active))
        {
            index.IndexJob(job, store.TasksOfJob(job.Id), BlocklistOf(job));
        }
        return index;
    }
}
