using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using Flamenco.Api;
using Flamenco.Manager.Tests.Support;

namespace Flamenco.Manager.Tests.Limits;

/// <summary>
/// <c>max_tasks_per_job</c> holds for everything a compile does, host calls included (issue 10, point 7): a runaway
/// frame range is refused before its chunks are built, within the compile time limit.
/// </summary>
public sealed class TaskLimitTests
{
    /// <summary>The job types' compile time limit (10 s) plus a margin for a slow, shared test machine.</summary>
    private static readonly TimeSpan CompileLimitWithMargin = TimeSpan.FromSeconds(15);

    [Theory]
    [InlineData("1-60000000", "makes 60,000,000 chunks")]
    [InlineData("1-100000000", "makes 100,000,000 chunks")]
    [InlineData("1-9223372036854775806", "makes 9,223,372,036,854,775,806 chunks")]
    public async Task SubmitJob_RunawayFrameRange_RefusedFastNamingTheLimitAndNothingStored(string frames, string chunks)
    {
        await using var factory = new ManagerAppFactory();
        using var client = factory.CreateClient();
        var stopwatch = Stopwatch.StartNew();

        var response = await client.PostAsJsonAsync("/api/v3/jobs", BlenderRender(frames));

        stopwatch.Stop();
        await Shaman.ShamanApiTests.AssertErrorAsync(response, 400,
            $"job type \"simple-blender-render\" could not compile the job: simple-blender-render.js:", prefixOnly: true);
        var message = await response.Content.ReadAsStringAsync();
        Assert.Contains(chunks, message, StringComparison.Ordinal);
        Assert.Contains("more than the limit of 1,000,000 tasks per job (max_tasks_per_job)", message, StringComparison.Ordinal);
        Assert.True(stopwatch.Elapsed < CompileLimitWithMargin, $"answered after {stopwatch.Elapsed}");
        Assert.Empty((await client.GetFromJsonAsync<JobsQueryResult>("/api/v3/jobs", ManagerAppFactory.Json))!.Jobs);
    }

    [Fact]
    public async Task SubmitJob_ExactlyTheConfiguredMaximumOfTasks_AcceptedAndOneMoreRefused()
    {
        // echo-sleep-test makes one echo task and one sleep task per repeat.
        await using var factory = new ManagerAppFactory { Settings = [("max_tasks_per_job", "5")] };
        using var client = factory.CreateClient();

        var atLimit = await factory.SubmitAsync(client, EchoSleep(repeats: 4));
        var overLimit = await client.PostAsJsonAsync("/api/v3/jobs", EchoSleep(repeats: 5));

        var tasks = await client.GetFromJsonAsync<JobTasksSummary>($"/api/v3/jobs/{atLimit.Id}/tasks", ManagerAppFactory.Json);
        Assert.Equal(5, tasks!.Tasks.Count);
        await Shaman.ShamanApiTests.AssertErrorAsync(overLimit, 400,
            "job type \"echo-sleep-test\" could not compile the job: echo-sleep-test.js", prefixOnly: true);
        Assert.Contains("made more than 5 tasks, the limit of tasks per job (max_tasks_per_job)", await overLimit.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Single((await client.GetFromJsonAsync<JobsQueryResult>("/api/v3/jobs", ManagerAppFactory.Json))!.Jobs);
    }

    [Fact]
    public async Task SubmitJob_FrameRangeOfTheConfiguredMaximumOfTasks_AcceptedAndOneFrameMoreRefused()
    {
        // simple-blender-render makes one task per chunk and one preview-video task.
        await using var factory = new ManagerAppFactory { Settings = [("max_tasks_per_job", "11")] };
        using var client = factory.CreateClient();

        var atLimit = await client.PostAsJsonAsync("/api/v3/jobs", BlenderRender("1-10"));
        var oneTaskOver = await client.PostAsJsonAsync("/api/v3/jobs", BlenderRender("1-11"));
        var oneChunkOver = await client.PostAsJsonAsync("/api/v3/jobs", BlenderRender("1-12"));

        Assert.Equal(HttpStatusCode.OK, atLimit.StatusCode);
        await Shaman.ShamanApiTests.AssertErrorAsync(oneTaskOver, 400, "job type \"simple-blender-render\" could not compile the job", prefixOnly: true);
        Assert.Contains("made more than 11 tasks, the limit of tasks per job", await oneTaskOver.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        await Shaman.ShamanApiTests.AssertErrorAsync(oneChunkOver, 400, "job type \"simple-blender-render\" could not compile the job", prefixOnly: true);
        Assert.Contains("makes 12 chunks, more than the limit of 11 tasks per job", await oneChunkOver.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Single((await client.GetFromJsonAsync<JobsQueryResult>("/api/v3/jobs", ManagerAppFactory.Json))!.Jobs);
    }

    internal static object BlenderRender(string frames) => new
    {
        name = "runaway",
        type = "simple-blender-render",
        priority = 50,
        submitter_platform = "linux",
        settings = new
        {
            blendfile = "/render/scene.blend", chunk_size = 1, format = "PNG", fps = 24.0, frames,
            image_file_extension = ".png", render_output_root = "/render/out", add_path_components = 0,
            render_output_path = "/render/out/######",
        },
    };

    private static object EchoSleep(int repeats) => new
    {
        name = "limit", type = "echo-sleep-test", priority = 50, submitter_platform = "linux",
        settings = new { message = "hi", sleep_duration_seconds = 1, sleep_repeats = repeats },
    };
}
