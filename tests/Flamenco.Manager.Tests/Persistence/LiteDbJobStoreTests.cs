using Flamenco.Api;
using Flamenco.Manager.Jobs;
using Flamenco.Manager.Persistence;
using Job = Flamenco.Manager.Jobs.Job;

namespace Flamenco.Manager.Tests.Persistence;

public sealed class LiteDbJobStoreTests : IDisposable
{
    private readonly FlamencoDatabase _database = new(new MemoryStream());
    private readonly LiteDbJobStore _store;

    public LiteDbJobStoreTests() => _store = new LiteDbJobStore(_database);

    [Fact]
    public void Add_TaskFailsToStore_NothingOfTheJobIsStored()
    {
        var job = NewJob();
        var task = NewTask(job);
        var duplicate = NewTask(job);
        duplicate.Id = task.Id;

        Assert.ThrowsAny<Exception>(() => _store.Add(job, [task, NewTask(job), duplicate]));

        Assert.Null(_store.FindJob(job.Id));
        Assert.Empty(_store.TasksOfJob(job.Id));
    }

    [Fact]
    public void Add_ThenRead_RoundTripsEverythingExactly()
    {
        var job = NewJob();
        job.Name = "  spaces kept  ";
        job.Activity = "";
        job.Metadata = new() { ["project"] = "Sprite Fright" };
        var task = NewTask(job);
        task.Dependencies = [Guid.CreateVersion7()];
        task.CommandsJson = """[{"name":"echo","parameters":{"message":" hi "},"total_step_count":0}]""";

        _store.Add(job, [task]);
        var storedJob = _store.FindJob(job.Id)!;
        var storedTask = _store.TasksOfJob(job.Id).Single();

        Assert.Equal(("  spaces kept  ", "", "Sprite Fright"), (storedJob.Name, storedJob.Activity, storedJob.Metadata["project"]));
        Assert.Equal(job.Created, storedJob.Created);
        Assert.Equal(TimeSpan.Zero, storedJob.Created.Offset);
        Assert.Equal(task.CommandsJson, storedTask.CommandsJson);
        Assert.Equal(task.Dependencies, storedTask.Dependencies);
        Assert.Equal(TaskStatus.Queued, storedTask.Status);
    }

    [Fact]
    public void Save_JobAndTasks_StoredTogether()
    {
        var job = NewJob();
        var tasks = new List<JobTask> { NewTask(job), NewTask(job) };
        tasks[1].IndexInJob = 2;
        _store.Add(job, tasks);

        job.Status = JobStatus.Canceled;
        tasks[1].Status = TaskStatus.Canceled;
        _store.Save(job, [tasks[1]]);

        Assert.Equal(JobStatus.Canceled, _store.FindJob(job.Id)!.Status);
        Assert.Equal([TaskStatus.Queued, TaskStatus.Canceled], _store.TasksOfJob(job.Id).Select(t => t.Status));
    }

    [Fact]
    public void JobStatuses_OnePerStoredJob()
    {
        foreach (var status in new[] { JobStatus.Active, JobStatus.Queued, JobStatus.Active })
        {
            var job = NewJob();
            job.Status = status;
            _store.Add(job, [NewTask(job)]);
        }

        Assert.Equal(new[] { JobStatus.Active, JobStatus.Active, JobStatus.Queued }.Order(), _store.JobStatuses().Order());
    }

    public void Dispose() => _database.Dispose();

    private static readonly DateTimeOffset Now = new(2026, 11, 23, 12, 0, 0, 123, TimeSpan.Zero);

    private static Job NewJob() => new() { Id = Guid.CreateVersion7(), Name = "job", Type = "echo-sleep-test", Status = JobStatus.Queued, Created = Now, Updated = Now };

    private static JobTask NewTask(Job job) => new() { Id = Guid.CreateVersion7(), JobId = job.Id, Name = "t", Type = "misc", Status = TaskStatus.Queued, IndexInJob = 1, Created = Now, Updated = Now };
}
