using System.Net.Http.Json;
using Flamenco.Api;
using Flamenco.Manager.Persistence;
using Flamenco.Manager.Tests.Support;
using Flamenco.Testing;
using Job = Flamenco.Manager.Jobs.Job;

namespace Flamenco.Manager.Tests.Persistence;

/// <summary>Commits reach the disk through shared fsyncs, and nobody is told "done" before theirs ran.</summary>
public sealed class GroupSyncTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("flamenco-groupsync-").FullName;

    private string DatabasePath => Path.Combine(_folder, "flamenco-manager.db");

    [Fact]
    public async Task WhenDurable_AfterACommit_WaitsForAnFsyncThatCoversIt()
    {
        using var database = new FlamencoDatabase(DatabasePath);
        var store = new LiteDbJobStore(database);
        await database.WhenDurableAsync();
        var syncsBefore = database.Sync!.SyncCount;

        store.Add(NewJob(), []);
        var durable = database.WhenDurableAsync();
        var wasPending = !durable.IsCompleted;
        await durable;

        Assert.True(wasPending);
        Assert.Equal(syncsBefore + 1, database.Sync.SyncCount);
        Assert.True(database.WhenDurableAsync().IsCompleted);
    }

    [Fact]
    public async Task WhenDurable_NothingChanged_CompletesAtOnceWithoutAnFsync()
    {
        using var database = new FlamencoDatabase(DatabasePath);
        await database.WhenDurableAsync();
        var syncs = database.Sync!.SyncCount;

        _ = new LiteDbJobStore(database).ListJobs();

        Assert.True(database.WhenDurableAsync().IsCompleted);
        Assert.Equal(syncs, database.Sync.SyncCount);
    }

    [Fact]
    public async Task WhenDurable_ManyConcurrentCommits_ShareFsyncs()
    {
        using var database = new FlamencoDatabase(DatabasePath);
        var store = new LiteDbJobStore(database);
        await database.WhenDurableAsync();
        var syncsBefore = database.Sync!.SyncCount;

        await Task.WhenAll(Enumerable.Range(0, 200).Select(_ => Task.Run(async () =>
        {
            store.Add(NewJob(), []);
            await database.WhenDurableAsync();
        })));

        Assert.Equal(200, store.ListJobs().Count);
        Assert.InRange(database.Sync.SyncCount - syncsBefore, 1, 199);
    }

    [Fact]
    public async Task TrackWrites_SeesCommitsOfItsOwnFlowOnly()
    {
        using var database = new FlamencoDatabase(DatabasePath);
        var store = new LiteDbJobStore(database);

        var (reader, writer) = await Task.Run(async () =>
        {
            var readerWrites = FlamencoDatabase.TrackWrites();
            _ = store.ListJobs();
            var writerWrites = await Task.Run(() =>
            {
                var writes = FlamencoDatabase.TrackWrites();
                store.Add(NewJob(), []);
                return writes;
            });
            return (readerWrites, writerWrites);
        });

        Assert.Equal((false, true), (reader.HasWritten, writer.HasWritten));
    }

    [Fact]
    public void Reopen_AfterDispose_HasEveryCommittedChange()
    {
        var job = NewJob();
        using (var database = new FlamencoDatabase(DatabasePath)) new LiteDbJobStore(database).Add(job, []);

        using var reopened = new FlamencoDatabase(DatabasePath);

        Assert.Equal(job.Name, new LiteDbJobStore(reopened).FindJob(job.Id)?.Name);
    }

    [Fact]
    public async Task ManagerKilled_RightAfterAnsweringASubmission_StillHasTheJobWhenStartedAgain()
    {
        var restartDirectory = Path.Combine(_folder, "restart");
        string jobId;
        await using (var manager = await ManagerProcess.StartAsync())
        {
            using var client = new HttpClient { BaseAddress = manager.BaseAddress };
            var submit = await client.PostAsJsonAsync("/api/v3/jobs", new
            {
                name = "survives a kill", type = "echo-sleep-test", priority = 50, submitter_platform = "linux", settings = new { message = "hi" },
            });
            Assert.True(submit.IsSuccessStatusCode, await submit.Content.ReadAsStringAsync());
            jobId = (await submit.Content.ReadFromJsonAsync<Flamenco.Api.Job>(ManagerAppFactory.Json))!.Id;

            await ManagerCrash.KillAndCopyDataAsync(manager, restartDirectory);
        }

        await using var restarted = await ManagerProcess.StartAsync(workingDirectory: restartDirectory);
        using var again = new HttpClient { BaseAddress = restarted.BaseAddress };
        var job = await again.GetFromJsonAsync<Flamenco.Api.Job>($"/api/v3/jobs/{jobId}", ManagerAppFactory.Json);

        Assert.Equal(("survives a kill", JobStatus.Queued), (job!.Name, job.Status));
    }

    public void Dispose()
    {
        try { Directory.Delete(_folder, recursive: true); } catch (IOException) { }
    }

    private static Job NewJob() => new() { Id = Guid.CreateVersion7(), Name = $"job {Guid.NewGuid()}", Type = "echo-sleep-test", Status = JobStatus.Queued };
}
