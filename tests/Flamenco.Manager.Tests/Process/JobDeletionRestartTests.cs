using System.Net;
using System.Net.Http.Json;
using Flamenco.Manager.Persistence;
using Flamenco.Manager.Tests.Support;
using Flamenco.Testing;

namespace Flamenco.Manager.Tests.Process;

/// <summary>A deletion answered but not carried out when the Manager stops is finished by the next Manager.</summary>
public sealed class JobDeletionRestartTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("flamenco-deletion-restart-").FullName;

    [Fact]
    public async Task ManagerKilled_RightAfterTheDeletionsAnswer_TheJobsAreGoneAfterTheRestart()
    {
        var restartDirectory = Path.Combine(_folder, "restart");
        string bigId, smallId;
        List<string> smallTasks;
        await using (var manager = await ManagerProcess.StartAsync())
        {
            using var client = new HttpClient { BaseAddress = manager.BaseAddress };
            // The deleter takes marked jobs oldest request first: while it removes the 2,001 tasks of the big one, the
            // small one usually waits, so the kill mostly lands between the small one's answer and its deletion.
            bigId = await SubmitAsync(client, new
            {
                name = "big", type = "simple-blender-render", priority = 50, submitter_platform = "linux",
                settings = new { frames = "1-2000", chunk_size = 1, format = "PNG", render_output_path = "/o/######", blendfile = "/b.blend", image_file_extension = ".png" },
            });
            smallId = await SubmitAsync(client, new { name = "small", type = "echo-sleep-test", priority = 50, submitter_platform = "linux", settings = new { message = "hi" } });

            smallTasks = [.. (await client.GetFromJsonAsync<Flamenco.Api.JobTasksSummary>($"/api/v3/jobs/{smallId}/tasks", ManagerAppFactory.Json))!.Tasks.Select(t => t.Id)];
            Assert.NotEmpty(smallTasks);
            Assert.Equal(HttpStatusCode.NoContent, (await client.DeleteAsync($"/api/v3/jobs/{bigId}")).StatusCode);
            Assert.Equal(HttpStatusCode.NoContent, (await client.DeleteAsync($"/api/v3/jobs/{smallId}")).StatusCode);
            await ManagerCrash.KillAndCopyDataAsync(manager, restartDirectory);
        }

        await using var restarted = await ManagerProcess.StartAsync(workingDirectory: restartDirectory);
        using var again = new HttpClient { BaseAddress = restarted.BaseAddress };
        foreach (var id in (string[])[bigId, smallId])
        {
            await Eventually.TrueAsync(async () => (await again.GetAsync($"/api/v3/jobs/{id}")).StatusCode == HttpStatusCode.NotFound, $"job {id} to be deleted");
        }

        // Finished by one of the two Managers, whichever the kill left it to (the next test makes it the restarted one):
        // nothing of the jobs is left, whether they were gone before the kill, marked, or half deleted.
        foreach (var taskId in smallTasks)
        {
            Assert.Equal(HttpStatusCode.NotFound, (await again.GetAsync($"/api/v3/tasks/{taskId}")).StatusCode);
        }
        var listed = await again.GetFromJsonAsync<Flamenco.Api.JobsQueryResult>("/api/v3/jobs", ManagerAppFactory.Json);
        Assert.Empty(listed!.Jobs);
    }

    [Fact]
    public async Task JobMarkedForDeletion_WhileNoManagerRan_IsDeletedByTheNextStart()
    {
        var restartDirectory = Path.Combine(_folder, "restart");
        string jobId;
        await using (var manager = await ManagerProcess.StartAsync())
        {
            using var client = new HttpClient { BaseAddress = manager.BaseAddress };
            jobId = await SubmitAsync(client, new { name = "small", type = "echo-sleep-test", priority = 50, submitter_platform = "linux", settings = new { message = "hi" } });
            await ManagerCrash.KillAndCopyDataAsync(manager, restartDirectory);
        }
        // What a Manager killed right after answering the request leaves behind: the mark, and nothing deleted yet.
        using (var database = new FlamencoDatabase(Path.Combine(restartDirectory, "flamenco-data", "flamenco-manager.db")))
        {
            var store = new LiteDbJobStore(database);
            var job = store.FindJob(Guid.Parse(jobId))!;
            job.DeleteRequestedAt = new DateTimeOffset(2026, 12, 4, 12, 0, 0, TimeSpan.Zero);
            store.Save(job, []);
        }

        await using var restarted = await ManagerProcess.StartAsync(workingDirectory: restartDirectory);
        using var again = new HttpClient { BaseAddress = restarted.BaseAddress };

        await Eventually.TrueAsync(() => Task.FromResult(restarted.Output.Contains($"Job {jobId} (\"small\") deleted", StringComparison.Ordinal)), "the deletion finished at start");
        Assert.Equal(HttpStatusCode.NotFound, (await again.GetAsync($"/api/v3/jobs/{jobId}")).StatusCode);
        Assert.Empty((await again.GetFromJsonAsync<Flamenco.Api.JobsQueryResult>("/api/v3/jobs", ManagerAppFactory.Json))!.Jobs);
    }

    private static async Task<string> SubmitAsync(HttpClient client, object submission)
    {
        var response = await client.PostAsJsonAsync("/api/v3/jobs", submission);
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<Flamenco.Api.Job>(ManagerAppFactory.Json))!.Id;
    }

    public void Dispose()
    {
        try { Directory.Delete(_folder, recursive: true); } catch (IOException) { }
    }
}
