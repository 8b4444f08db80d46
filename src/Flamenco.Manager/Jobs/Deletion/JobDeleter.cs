using System.Threading.Channels;
using Flamenco.Manager.Events;
using Flamenco.Manager.Features.Shaman;
using Flamenco.Manager.LocalStorage;
using Flamenco.Manager.Persistence;
using Flamenco.Manager.Scheduling;
using Flamenco.Plugins.Storage;

namespace Flamenco.Manager.Jobs.Deletion;

/// <summary>
/// The second phase of job deletion (manager.md job deleter, case 30): removes every job marked for deletion
/// (<see cref="JobDeletionRequests"/>) — its Shaman checkout, its folder in Manager-local storage (task logs and
/// last-rendered images), then the job and its tasks — and announces each with <c>was_deleted</c>. Render output is
/// never touched. It works from the database, not from a queue: woken by every request, at start, and every
/// <see cref="RescanPeriod"/>, it deletes whatever is marked, so a deletion interrupted by a stop or crash is finished
/// by the next Manager, and a mass deletion of thousands of jobs cannot overflow a queue (Flamenco's held 100 and
/// dropped the rest until its next rescan).
/// </summary>
/// <remarks>
/// Order, for a crash at any point: files first, the database last. A job whose files are partly gone is still a
/// whole job in every listing (a missing log reads as an empty one) and is still marked, so the next pass finishes
/// it. The job and all its tasks then leave the database in one transaction (one group-commit round), so no listing
/// ever meets tasks without their job or a job with half its tasks. Log lines a worker's update wrote between the
/// two steps are swept up after the database step; from then on no task of the job can be found to write to.
/// </remarks>
public sealed class JobDeleter(
    IJobStore store,
    SchedulingState scheduling,
    ILastRenderedStore lastRendered,
    ManagerLocalStorage localStorage,
    ShamanBackend shaman,
    FlamencoDatabase database,
    JobEvents events,
    TimeProvider time,
    ILogger<JobDeleter> logger) : BackgroundService
{
    /// <summary>How often marked jobs are looked for without being woken (Flamenco's one minute): retries after a failure.</summary>
    public static readonly TimeSpan RescanPeriod = TimeSpan.FromMinutes(1);

    private readonly Channel<bool> _wake = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });

    /// <summary>Makes the deleter look for marked jobs now (or right after the pass it is in).</summary>
    public void Wake() => _wake.Writer.TryWrite(true);

    /// <summary>
    /// Whether deleting the job removes its Shaman checkout: Shaman is on, its backend removes checkouts, the job has
    /// one, and it lies inside the checkout root (the backend's rule). <c>what-would-delete-do</c> answers with this.
    /// </summary>
    public bool WouldRemoveCheckout(Job job)
    {
        if (string.IsNullOrEmpty(job.ShamanCheckoutId)) return false;
        using var storage = shaman.Lease();
        return storage?.Backend is IStorageCheckoutRemover remover && remover.WouldRemoveCheckout(job.ShamanCheckoutId);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            while (true)
            {
                await DeleteMarkedAsync(stoppingToken);
                using var rescan = new CancellationTokenSource(RescanPeriod, time);
                using var waiting = CancellationTokenSource.CreateLinkedTokenSource(rescan.Token, stoppingToken);
                try
                {
                    await _wake.Reader.ReadAsync(waiting.Token);
                }
                catch (OperationCanceledException) when (!stoppingToken.IsCancellationRequested)
                {
                    // Time for the periodic rescan.
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // The Manager is stopping; what is still marked is deleted after the next start.
        }
    }

    /// <summary>Deletes every marked job; one that fails stays marked for the next pass and does not hold up the others.</summary>
    internal async Task DeleteMarkedAsync(CancellationToken cancellationToken)
    {
        foreach (var job in store.JobsToDelete())
        {
            try
            {
                await DeleteAsync(job, cancellationToken);
            }
            catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                logger.LogError(e, "Job {Job} (\"{Name}\") could not be deleted; trying again within {Period}", job.Id, job.Name, new Hosting.FlamencoDuration(RescanPeriod));
            }
        }
    }

    private async Task DeleteAsync(Job job, CancellationToken cancellationToken)
    {
        if (!string.IsNullOrEmpty(job.ShamanCheckoutId)) await RemoveCheckoutAsync(job, job.ShamanCheckoutId, cancellationToken);
        localStorage.DeleteJobFolder(job.Id);
        lastRendered.Forget(job.Id);

        lock (scheduling.Lock)
        {
            // The latest version, for the announcement; null when a concurrent pass was quicker.
            if (store.FindJob(job.Id) is not { } current) return;
            job = current;
            var taskIds = store.TasksOfJob(job.Id).Select(t => t.Id).ToList();
            // Marking canceled the job, so none of its tasks is runnable; this also drops what the index keeps of it.
            scheduling.Index.RemoveJob(job.Id);
            store.Delete(job, taskIds);
        }
        await database.WhenDurableAsync();
        localStorage.DeleteJobFolder(job.Id);
        events.JobDeleted(job, time.GetUtcNow());
        logger.LogInformation("Job {Job} (\"{Name}\") deleted", job.Id, job.Name);
    }

    private async Task RemoveCheckoutAsync(Job job, string checkoutPath, CancellationToken cancellationToken)
    {
        using var storage = shaman.Lease();
        if (storage?.Backend is not IStorageCheckoutRemover remover)
        {
            logger.LogInformation("Job {Job}: Shaman is off, so its checkout {Checkout} stays", job.Id, checkoutPath);
            return;
        }
        if (await remover.RemoveCheckoutAsync(checkoutPath, cancellationToken))
        {
            logger.LogInformation("Job {Job}: Shaman checkout {Checkout} removed", job.Id, checkoutPath);
        }
        else
        {
            logger.LogWarning("Job {Job}: Shaman checkout {Checkout} not removed: it is gone already, or not a folder inside the checkout root", job.Id, checkoutPath);
        }
    }
}
