using Flamenco.Api;
using Flamenco.Manager.Jobs;
using Flamenco.Manager.Persistence;

namespace Flamenco.Manager.Scheduling;

/// <summary>
/// Before workers are served: jobs left in a transitional status by a stop (cancel-requested, requeueing,
/// pause-requested) get that status applied again, so their tasks end where they should (manager.md §4.7); then the
/// index of runnable tasks is built, so the first poll does not pay for it.
/// </summary>
public sealed class SchedulerStartup(IJobStore store, JobStateMachine stateMachine, SchedulingState scheduling, ILogger<SchedulerStartup> logger)
    : IHostedService
{
    private static readonly JobStatus[] Transitional = [JobStatus.CancelRequested, JobStatus.Requeueing, JobStatus.PauseRequested];

    public Task StartAsync(CancellationToken cancellationToken)
    {
        lock (scheduling.Lock)
        {
            foreach (var job in store.JobsWithStatus(Transitional))
            {
                var status = job.Status;
                var tasks = store.TasksOfJob(job.Id);
                var changes = stateMachine.ChangeJobStatus(job, tasks, status, $"Reenforcing status \"{StatusNames.Of(status)}\": checking stuck jobs");
                store.Save(job, changes.Tasks);
                logger.LogInformation("Job {Job} was stuck in {Status} at start; now {NewStatus}", job.Id, StatusNames.Of(status), StatusNames.Of(job.Status));
            }
            logger.LogInformation("Scheduler ready: {Runnable} runnable tasks", scheduling.Index.RunnableCount);
        }
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
