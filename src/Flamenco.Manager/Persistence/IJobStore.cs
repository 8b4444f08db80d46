using JobStatus = Flamenco.Api.JobStatus;
using WorkerStatus = Flamenco.Api.WorkerStatus;
using Flamenco.Manager.Jobs;

namespace Flamenco.Manager.Persistence;

/// <summary>
/// Jobs and their tasks. Every write is one transaction: a job is stored with all its tasks or not at all, and a
/// status change stores the job and every task it touched together.
/// </summary>
public interface IJobStore
{
    void Add(Job job, IReadOnlyList<JobTask> tasks);

    Job? FindJob(Guid id);

    IReadOnlyList<Job> ListJobs();

    /// <summary>The page of jobs a query asks for, in its order.</summary>
    IReadOnlyList<Job> Search(JobSearch search);

    IReadOnlyList<Job> JobsWithStatus(params JobStatus[] statuses);

    IReadOnlyList<JobTask> TasksOfJob(Guid jobId);

    JobTask? FindTask(Guid id);

    IReadOnlyList<JobTask> ActiveTasksOfWorker(Guid workerId);

    IReadOnlyList<JobTask> ActiveTasks();

    /// <summary>Active tasks not touched since <paramref name="before"/>.</summary>
    IReadOnlyList<JobTask> ActiveTasksUntouchedSince(DateTimeOffset before);

    /// <summary>Saves one task alone (no status change), e.g. its activity or last-touched time.</summary>
    void SaveTask(JobTask task);

    /// <summary>Saves a job with the tasks a change touched, in one transaction.</summary>
    void Save(Job job, IReadOnlyCollection<JobTask> changedTasks);

    WorkerTag? FindWorkerTag(Guid id);

    IReadOnlyList<JobStatus> JobStatuses();

    IReadOnlyList<WorkerStatus> WorkerStatuses();
}
