using Flamenco.Api;
using Flamenco.Manager.Events;
using Flamenco.Manager.Persistence;
using Flamenco.Manager.Scheduling;

namespace Flamenco.Manager.Jobs.Deletion;

/// <summary>
/// The first phase of job deletion (manager.md cases 29–30): the job is marked with <c>delete_requested_at</c>, which
/// clients learn from a job update, and the <see cref="JobDeleter"/> is woken to do the rest in the background.
/// Flamenco leaves a running job running until its row is gone (its workers then hear "task not found"); here an
/// unfinished job is canceled as it is marked, so its workers are told through may-i-run that their task was
/// canceled, nothing of it is scheduled any more, and the job update says both.
/// </summary>
public sealed class JobDeletionRequests(IJobStore store, JobStateMachine stateMachine, SchedulingState scheduling, JobEvents events, JobDeleter deleter, TimeProvider time)
{
    private static readonly JobStatus[] Finished = [JobStatus.Completed, JobStatus.Canceled, JobStatus.Failed];

    /// <summary>Marks one job; asking again for a marked job changes nothing.</summary>
    public ChangeOutcome RequestDeletion(Guid jobId)
    {
        lock (scheduling.Lock)
        {
            var job = store.FindJob(jobId);
            if (job is null) return ChangeOutcome.NotFound;
            if (job.DeleteRequestedAt is null) Mark(job);
        }
        deleter.Wake();
        return ChangeOutcome.Done;
    }

    /// <summary>
    /// Marks every job not marked yet that was last updated at or before <paramref name="lastUpdatedMax"/>, rounded up
    /// to the whole second as Flamenco does (the web app shows seconds), and says how many.
    /// </summary>
    public int RequestDeletion(DateTimeOffset lastUpdatedMax)
    {
        var latest = RoundUpToSecond(lastUpdatedMax);
        int marked;
        lock (scheduling.Lock)
        {
            var jobs = store.JobsUpdatedUpTo(latest).Where(j => j.DeleteRequestedAt is null).ToList();
            foreach (var job in jobs) Mark(job);
            marked = jobs.Count;
        }
        if (marked > 0) deleter.Wake();
        return marked;
    }

    internal static DateTimeOffset RoundUpToSecond(DateTimeOffset moment)
    {
        var utc = moment.ToUniversalTime();
        var fraction = utc.Ticks % TimeSpan.TicksPerSecond;
        return fraction == 0 ? utc : utc.AddTicks(TimeSpan.TicksPerSecond - fraction);
    }

    private void Mark(Job job)
    {
        var before = job.Status;
        var changes = new JobStateMachine.Changes();
        if (!Finished.Contains(job.Status))
        {
            var tasks = store.TasksOfJob(job.Id);
            changes = stateMachine.ChangeJobStatus(job, tasks, JobStatus.CancelRequested, "job deletion was requested");
            scheduling.Reindex(job, tasks);
        }
        var now = time.GetUtcNow();
        job.DeleteRequestedAt = now;
        job.Updated = now;
        store.Save(job, changes.Tasks);
        events.Changed(job, before, changes, null, null, null);
    }
}
