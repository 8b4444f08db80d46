using JobStatus = Flamenco.Api.JobStatus;
using WorkerStatus = Flamenco.Api.WorkerStatus;
using Flamenco.Manager.Jobs;

namespace Flamenco.Manager.Persistence;

internal sealed class LiteDbJobStore(FlamencoDatabase db) : IJobStore
{
    public void Add(Job job, IReadOnlyList<JobTask> tasks) => db.InTransaction(() =>
    {
        db.Jobs.Insert(job);
        db.Tasks.InsertBulk(tasks, batchSize: 10_000);
    });

    public Job? FindJob(Guid id) => db.Jobs.FindById(id);

    public IReadOnlyList<Job> ListJobs() => db.Jobs.FindAll().OrderBy(j => j.Created).ToList();

    public IReadOnlyList<Job> JobsWithStatus(params JobStatus[] statuses) =>
        statuses.SelectMany(status => db.Jobs.Find(j => j.Status == status)).OrderBy(j => j.Created).ToList();

    public IReadOnlyList<JobTask> TasksOfJob(Guid jobId) =>
        db.Tasks.Find(t => t.JobId == jobId).OrderBy(t => t.IndexInJob).ToList();

    public JobTask? FindTask(Guid id) => db.Tasks.FindById(id);

    public IReadOnlyList<JobTask> ActiveTasksOfWorker(Guid workerId) =>
        db.Tasks.Find(t => t.WorkerId == workerId && t.Status == TaskStatus.Active).ToList();

    public IReadOnlyList<JobTask> ActiveTasks() => db.Tasks.Find(t => t.Status == TaskStatus.Active).ToList();

    public IReadOnlyList<JobTask> ActiveTasksUntouchedSince(DateTimeOffset before) =>
        db.Tasks.Find(t => t.Status == TaskStatus.Active).Where(t => t.LastTouched is null || t.LastTouched <= before).ToList();

    public void SaveTask(JobTask task) => db.InTransaction(() => db.Tasks.Update(task));

    public void Save(Job job, IReadOnlyCollection<JobTask> changedTasks) => db.InTransaction(() =>
    {
        db.Jobs.Update(job);
        if (changedTasks.Count > 0) db.Tasks.Update(changedTasks);
    });

    public WorkerTag? FindWorkerTag(Guid id) => db.WorkerTags.FindById(id);

    /// <summary>Only the status field is read; LiteDB cannot map a projected enum itself, so it is parsed here.</summary>
    public IReadOnlyList<JobStatus> JobStatuses() =>
        db.Jobs.Query().Select(j => new { j.Status }).ToEnumerable().Select(row => row.Status).ToList();

    public IReadOnlyList<WorkerStatus> WorkerStatuses() =>
        db.Workers.Find(w => w.DeletedAt == null).Where(w => w.Status is not null).Select(w => w.Status!.Value).ToList();
}
