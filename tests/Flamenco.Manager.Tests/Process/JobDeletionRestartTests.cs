using System.Net;
using System.Net.Http.Json;
using Flamenco.Manager.Tests.Support;
using Flamenco.Testing;

namespace Flamenco.Manager.Tests.Process;

/// <summary>A deletion answered but not carried out when the Manager is killed is finished by the next Manager.</summary>
public sealed class JobDeletionRestartTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("flamenco-deletion-restart-").FullName;

    [Fact]
    public async Task ManagerKilled_BetweenTheDeletionsAnswerAndItsCompletion_TheNextStartFinishesIt()
    {
        var restartDirectory = Path.Combine(_folder, "restart");
        string bigId, smallId;
        await using (var manager = await ManagerProcess.StartAsync())
        {
            using var client = new HttpClient { BaseAddress = manager.BaseAddress };
            // The deleter takes marked jobs oldest request first: while it removes the 2,001 tasks of the big one, the
            // small one waits, so the kill lands between the small one's answer and its deletion.
            bigId = await SubmitAsync(client, new
            {
                name = "big", type = "simple-blender-render", priority = 50, submitter_platform = "linux",
                settings = new { frames = "1-2000", chunk_size = 1, format = "PNG", render_output_path = "/o/######", blendfile = "/b.blend", image_file_extension = ".png" },
            });
            smallId = await SubmitAsync(client, new { name = "small", type = "echo-sleep-test", priority = 50, submitter_platform = "linux", settings = new { message = "hi" } });

            Assert.Equal(HttpStatusCode.NoContent, (await client.DeleteAsync($"/api/v3/jobs/{bigId}")).StatusCode);
            Assert.Equal(HttpStatusCode.NoContent, (await client.DeleteAsync($"/api/v3/jobs/{smallId}")).StatusCode);
            await ManagerCrash.KillAndCopyDataAsync(manager, restartDirectory);
            Assert.DoesNotContain($"Job {smallId} (\"small\") deleted", manager.Output);
        }

        await using var restarted = await ManagerProcess.StartAsync(workingDirectory: restartDirectory);
        using var again = new HttpClient { BaseAddress = restarted.BaseAddress };
        foreach (var id in (string[])[bigId, smallId])
        {
            await Eventually.TrueAsync(async () => (await again.GetAsync($"/api/v3/jobs/{id}")).StatusCode == HttpStatusCode.NotFound, $"job {id} to be deleted");
        }

        // Logged once its deletion is done, a moment after the job stopped being served.
        await Eventually.TrueAsync(() => Task.FromResult(restarted.Output.Contains($"Job {smallId} (\"small\") deleted", StringComparison.Ordinal)), "the deletion finished at restart");
        var listed = await again.GetFromJsonAsync<Flamenco.Api.JobsQueryResult>("/api/v3/jobs", ManagerAppFactory.Json);
        Assert.Empty(listed!.Jobs);
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
