using System.Net.Http.Json;
using Flamenco.Api;
using Flamenco.Manager.Jobs;
using Flamenco.Manager.Persistence;
using Flamenco.Manager.Tests.Support;
using Flamenco.Testing;
using LiteDB;
using Job = Flamenco.Manager.Jobs.Job;

namespace Flamenco.Manager.Tests.Persistence;

/// <summary>
/// Changes to jobs and tasks wait for the next group-sync round, which writes them in one transaction: readers see
/// them at once, nobody is told "done" before they are on disk, and nothing is lost on the way.
/// </summary>
public sealed class WriteBehindTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("flamenco-writebehind-").FullName;

    private string DatabasePath => Path.Combine(_folder, "flamenco-manager.db");

    [Fact]
    public async Task Save_IsReadBackAtOnce_AndInLiteDbOnlyOnceDurable()
    {
        using var database = new FlamencoDatabase(DatabasePath);
        var store = new LiteDbJobStore(database);
        var (job, tasks) = NewJob(3);
        store.Add(job, tasks);
        await database.WhenDurableAsync();

        job.Status = JobStatus.Active;
        tasks[1].Status = TaskStatus.Active;
        tasks[1].WorkerId = Guid.CreateVersion7();
        store.Save(job, [tasks[1]]);

        Assert.Equal(TaskStatus.Queued, database.Tasks.FindById(tasks[1].Id).Status);
        Assert.Equal(JobStatus.Active, store.FindJob(job.Id)!.Status);
        Assert.Equal(TaskStatus.Active, store.FindTask(tasks[1].Id)!.Status);
        Assert.Equal([TaskStatus.Queued, TaskStatus.Active, TaskStatus.Queued], store.TasksOfJob(job.Id).Select(t => t.Status));
        Assert.Equal([job.Id], store.JobsWithStatus(JobStatus.Active).Select(j => j.Id));
        Assert.Empty(store.JobsWithStatus(JobStatus.Queued));
        Assert.Equal([tasks[1].Id], store.ActiveTasksOfWorker(tasks[1].WorkerId!.Value).Select(t => t.Id));
        Assert.Equal([JobStatus.Active], store.JobStatuses());

        await database.WhenDurableAsync();

        Assert.Equal(TaskStatus.Active, database.Tasks.FindById(tasks[1].Id).Status);
        Assert.Equal(JobStatus.Active, database.Jobs.FindById(job.Id).Status);
    }

    [Fact]
    public async Task ManyChanges_NobodyWaitedFor_AreWrittenTogetherByOneRound()
    {
        using var database = new FlamencoDatabase(DatabasePath);
        var store = new LiteDbJobStore(database);
        var (job, tasks) = NewJob(50);
        store.Add(job, tasks);
        await database.WhenDurableAsync();
        var syncsBefore = database.Sync!.SyncCount;

        foreach (var task in tasks)
        {
            task.Activity = "changed";
            job.StepsCompleted++;
            store.Save(job, [task]);
        }
        await database.WhenDurableAsync();

        Assert.Equal(syncsBefore + 1, database.Sync.SyncCount);
        Assert.All(database.Tasks.Find(t => t.JobId == job.Id), t => Assert.Equal("changed", t.Activity));
        Assert.Equal(50, database.Jobs.FindById(job.Id).StepsCompleted);
    }

    [Fact]
    public void Dispose_WritesWhatIsStillPending()
    {
        var (job, tasks) = NewJob(2);
        using (var database = new FlamencoDatabase(DatabasePath))
        {
            var store = new LiteDbJobStore(database);
            store.Add(job, tasks);
            tasks[0].Status = TaskStatus.Completed;
            job.Activity = "one done";
            store.Save(job, [tasks[0]]);
        }

        using var reopened = new FlamencoDatabase(DatabasePath);
        var again = new LiteDbJobStore(reopened);

        Assert.Equal("one done", again.FindJob(job.Id)!.Activity);
        Assert.Equal(TaskStatus.Completed, again.FindTask(tasks[0].Id)!.Status);
    }

    [Fact]
    public void Reopen_ActiveTasksAreFoundWithoutIndexes_AndOldIndexesAreDropped()
    {
        var (job, tasks) = NewJob(4);
        var worker = Guid.CreateVersion7();
        using (var database = new FlamencoDatabase(DatabasePath))
        {
            var store = new LiteDbJobStore(database);
            store.Add(job, tasks);
            tasks[2].Status = TaskStatus.Active;
            tasks[2].WorkerId = worker;
            store.Save(job, [tasks[2]]);
            // As a database made by an earlier version has them.
            database.Tasks.EnsureIndex(t => t.Status);
            database.Tasks.EnsureIndex(t => t.WorkerId);
        }

        using var reopened = new FlamencoDatabase(DatabasePath);
        var again = new LiteDbJobStore(reopened);

        Assert.Equal([tasks[2].Id], again.ActiveTasks().Select(t => t.Id));
        Assert.Equal([tasks[2].Id], again.ActiveTasksOfWorker(worker).Select(t => t.Id));
        var indexes = reopened.Database.GetCollection("$indexes").Find(Query.EQ("collection", FlamencoDatabase.TasksCollection)).Select(i => i["name"].AsString);
        Assert.Equal(["JobId", "_id"], indexes.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task FinishedTask_LeavesMemory_AndIsReadFromLiteDb()
    {
        using var database = new FlamencoDatabase(DatabasePath);
        var store = new LiteDbJobStore(database);
        var (job, tasks) = NewJob(1);
        store.Add(job, tasks);
        var active = store.FindTask(tasks[0].Id)!;
        active.Status = TaskStatus.Active;
        store.Save(job, [active]);
        await database.WhenDurableAsync();
        Assert.Single(store.ActiveTasks());

        active.Status = TaskStatus.Completed;
        store.Save(job, [active]);
        await database.WhenDurableAsync();

        Assert.Empty(store.ActiveTasks());
        Assert.Empty(database.Pending.InMemory(FlamencoDatabase.TasksCollection, _ => true));
        Assert.Equal(TaskStatus.Completed, store.FindTask(tasks[0].Id)!.Status);
    }

    [Fact]
    public void WriteAll_WriteFails_ChangesStayVisibleAndAreWrittenNextRound()
    {
        var pending = new PendingWrites((_, _) => true);
        var id = Guid.CreateVersion7();
        pending.Put([("tasks", [new BsonDocument { ["_id"] = id, ["Status"] = "Active" }])]);

        Assert.Throws<IOException>(() => pending.WriteAll(_ => throw new IOException("disk full")));
        Assert.Equal("Active", pending.Find("tasks", id, out _)!["Status"].AsString);

        // A newer version accepted after the failure wins over the one that failed to be written.
        pending.Put([("tasks", [new BsonDocument { ["_id"] = id, ["Status"] = "Completed" }])]);
        var written = new List<BsonDocument>();
        pending.WriteAll(changes => written.AddRange(changes.SelectMany(c => c.Documents)));

        Assert.Equal(["Completed"], written.Select(d => d["Status"].AsString));
        Assert.Empty(pending.Unwritten("tasks"));
    }

    [Fact]
    public void Remember_KeepsALiveDocumentRead_UnlessARoundEndedSinceTheRead()
    {
        var pending = new PendingWrites((_, document) => document["Status"].AsString != "Completed");
        var (kept, stale) = (Guid.CreateVersion7(), Guid.CreateVersion7());

        Assert.Null(pending.Find("jobs", kept, out var round));
        pending.Remember("jobs", new BsonDocument { ["_id"] = kept, ["Status"] = "Queued" }, round);

        // A reader misses and reads LiteDB; meanwhile a newer version is written and, being finished, leaves memory.
        Assert.Null(pending.Find("jobs", stale, out round));
        pending.Put([("jobs", [new BsonDocument { ["_id"] = stale, ["Status"] = "Completed" }])]);
        pending.WriteAll(_ => { });
        pending.Remember("jobs", new BsonDocument { ["_id"] = stale, ["Status"] = "Queued" }, round);

        Assert.Equal("Queued", pending.Find("jobs", kept, out _)!["Status"].AsString);
        Assert.Null(pending.Find("jobs", stale, out _));
    }

    [Fact]
    public async Task Delete_HidesTheJobAndItsTasksAtOnce_AndOneRoundRemovesThemFromLiteDb()
    {
        using var database = new FlamencoDatabase(DatabasePath);
        var store = new LiteDbJobStore(database);
        var (job, tasks) = NewJob(3);
        var (kept, keptTasks) = NewJob(1);
        tasks[0].Status = TaskStatus.Active;
        tasks[0].WorkerId = Guid.CreateVersion7();
        store.Add(job, tasks);
        store.Add(kept, keptTasks);
        await database.WhenDurableAsync();
        job.Status = JobStatus.Active;
        store.Save(job, [tasks[1]]);

        store.Delete(job, tasks.Select(t => t.Id).ToList());

        Assert.Null(store.FindJob(job.Id));
        Assert.All(tasks, t => Assert.Null(store.FindTask(t.Id)));
        Assert.Empty(store.TasksOfJob(job.Id));
        Assert.Equal([kept.Id], store.ListJobs().Select(j => j.Id));
        Assert.Empty(store.JobsWithStatus(JobStatus.Active));
        Assert.Empty(store.ActiveTasks());
        Assert.Equal([JobStatus.Queued], store.JobStatuses());

        await database.WhenDurableAsync();

        Assert.Null(database.Jobs.FindById(job.Id));
        Assert.Equal(0, database.Tasks.Count(t => t.JobId == job.Id));
        Assert.Equal(1, database.Tasks.Count(t => t.JobId == kept.Id));
        Assert.Null(store.FindJob(job.Id));
        Assert.Empty(store.ActiveTasks());
    }

    [Fact]
    public void Delete_ArrivingWhileARoundWritesThePreviousVersion_IsNotUndoneByThatRound()
    {
        var pending = new PendingWrites((_, document) => document["Status"].AsString == "Queued");
        var id = Guid.CreateVersion7();
        pending.Put([("jobs", [new BsonDocument { ["_id"] = id, ["Status"] = "Queued" }])]);

        pending.WriteAll(_ => pending.Put([("jobs", [PendingWrites.Tombstone(id)])]));

        Assert.True(PendingWrites.IsTombstone(pending.Find("jobs", id, out _)!));
        var deleted = new List<BsonDocument>();
        pending.WriteAll(changes => deleted.AddRange(changes.SelectMany(c => c.Documents)));
        Assert.True(PendingWrites.IsTombstone(Assert.Single(deleted)));
        Assert.Null(pending.Find("jobs", id, out _));
        Assert.Empty(pending.InMemory("jobs", _ => true));
    }

    [Fact]
    public async Task ManagerKilled_RightAfterAnsweringAStatusChange_StillHasItWhenStartedAgain()
    {
        var restartDirectory = Path.Combine(_folder, "restart");
        string jobId;
        await using (var manager = await ManagerProcess.StartAsync())
        {
            using var client = new HttpClient { BaseAddress = manager.BaseAddress };
            var submit = await client.PostAsJsonAsync("/api/v3/jobs", new
            {
                name = "paused then killed", type = "echo-sleep-test", priority = 50, submitter_platform = "linux", settings = new { message = "hi" },
            });
            Assert.True(submit.IsSuccessStatusCode, await submit.Content.ReadAsStringAsync());
            jobId = (await submit.Content.ReadFromJsonAsync<Flamenco.Api.Job>(ManagerAppFactory.Json))!.Id;
            var pause = await client.PostAsJsonAsync($"/api/v3/jobs/{jobId}/setstatus", new { status = "pause-requested", reason = "testing" });
            Assert.Equal(System.Net.HttpStatusCode.NoContent, pause.StatusCode);

            // At once: the change was answered, so it must be on disk already.
            await ManagerCrash.KillAndCopyDataAsync(manager, restartDirectory);
        }

        await using var restarted = await ManagerProcess.StartAsync(workingDirectory: restartDirectory);
        using var again = new HttpClient { BaseAddress = restarted.BaseAddress };
        var job = await again.GetFromJsonAsync<Flamenco.Api.Job>($"/api/v3/jobs/{jobId}", ManagerAppFactory.Json);
        var tasks = await again.GetFromJsonAsync<JobTasksSummary>($"/api/v3/jobs/{jobId}/tasks", ManagerAppFactory.Json);

        Assert.Equal(JobStatus.Paused, job!.Status);
        Assert.All(tasks!.Tasks!, t => Assert.Equal(TaskStatus.Paused, t.Status));
    }

    private static (Job Job, List<JobTask> Tasks) NewJob(int taskCount)
    {
        var job = new Job { Id = Guid.CreateVersion7(), Name = "write-behind", Type = "echo-sleep-test", Status = JobStatus.Queued, Created = TimeProvider.System.GetUtcNow() };
        var tasks = Enumerable.Range(1, taskCount).Select(i => new JobTask
        {
            Id = Guid.CreateVersion7(), JobId = job.Id, Name = $"task {i}", Type = "misc", IndexInJob = i, Status = TaskStatus.Queued,
        }).ToList();
        return (job, tasks);
    }

    public void Dispose()
    {
        try { Directory.Delete(_folder, recursive: true); } catch (IOException) { }
    }
}
