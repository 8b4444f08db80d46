using System.Net;
using System.Net.Http.Json;
using Flamenco.Api;
using Flamenco.Manager.Tests.LastRendered;
using Flamenco.Manager.Tests.Support;

namespace Flamenco.Manager.Tests.Api;

/// <summary>The worker side of tasks over HTTP: getting work, reporting on it, may-i-run, preview images.</summary>
public sealed class WorkerTasksApiTests(ManagerAppFactory factory) : IClassFixture<ManagerAppFactory>
{
    private readonly HttpClient _client = factory.CreateClient();

    [Fact]
    public async Task ScheduleUpdateComplete_RunsAJobToCompletionWithLogs()
    {
        // A Manager of its own: this worker takes every task there is.
        using var ownFactory = new ManagerAppFactory();
        var client = ownFactory.CreateClient();
        var (_, worker) = ownFactory.AddAwakeWorker("дрон", "misc");
        var job = await ownFactory.SubmitAsync(client, JobsApiTests.EchoSleep(repeats: 1));

        var completed = new List<string>();
        while (await worker.PostAsync("/api/v3/worker/task", null) is { StatusCode: HttpStatusCode.OK } response)
        {
            var task = (await response.Content.ReadFromJsonAsync<AssignedTask>(ManagerAppFactory.Json))!;
            Assert.Equal((job.Id, TaskStatus.Active, "echo-sleep-test"), (task.Job, task.Status, task.JobType));
            var update = await worker.PostAsJsonAsync($"/api/v3/worker/task/{task.Uuid}", new { activity = "working", log = $"line from {task.Name}\n", steps_completed = 1 });
            Assert.Equal(HttpStatusCode.NoContent, update.StatusCode);
            var done = await worker.PostAsJsonAsync($"/api/v3/worker/task/{task.Uuid}", new { taskStatus = "completed" });
            Assert.Equal(HttpStatusCode.NoContent, done.StatusCode);
            Assert.Null(done.Content.Headers.ContentType);
            completed.Add(task.Name);

            var tail = await client.GetStringAsync($"/api/v3/tasks/{task.Uuid}/logtail");
            Assert.Contains($"line from {task.Name}", tail);
            Assert.Contains("Task assigned to worker дрон", tail);
        }

        Assert.Equal(["echo", "sleep"], completed);
        var finished = await client.GetFromJsonAsync<Job>($"/api/v3/jobs/{job.Id}", ManagerAppFactory.Json);
        Assert.Equal((JobStatus.Completed, 2, 2), (finished!.Status, finished.StepsCompleted, finished.StepsTotal));
    }

    [Fact]
    public async Task ManyWorkersPollingAtOnce_EveryTaskRunsExactlyOnce()
    {
        using var ownFactory = new ManagerAppFactory();
        var client = ownFactory.CreateClient();
        var job = await ownFactory.SubmitAsync(client, new
        {
            name = "many", type = "simple-blender-render", priority = 50, submitter_platform = "linux",
            settings = new { blendfile = "/b.blend", chunk_size = 1, format = "PNG", frames = "1-300", image_file_extension = ".png", render_output_path = "/o/######" },
        });
        var workers = Enumerable.Range(0, 20).Select(i => ownFactory.AddAwakeWorker($"w{i}", "blender").Client).ToList();
        var ran = new System.Collections.Concurrent.ConcurrentBag<string>();

        await Task.WhenAll(workers.Select(async worker =>
        {
            while (await worker.PostAsync("/api/v3/worker/task", null) is { StatusCode: HttpStatusCode.OK } response)
            {
                var task = (await response.Content.ReadFromJsonAsync<AssignedTask>(ManagerAppFactory.Json))!;
                ran.Add(task.Uuid);
                var done = await worker.PostAsJsonAsync($"/api/v3/worker/task/{task.Uuid}", new { taskStatus = "completed" });
                Assert.Equal(HttpStatusCode.NoContent, done.StatusCode);
            }
        }));

        Assert.Equal(300, ran.Count);
        Assert.Equal(300, ran.Distinct().Count());
        var tasks = await client.GetFromJsonAsync<JobTasksSummary>($"/api/v3/jobs/{job.Id}/tasks", ManagerAppFactory.Json);
        Assert.All(tasks!.Tasks.Where(t => t.TaskType == "blender"), t => Assert.Equal(TaskStatus.Completed, t.Status));
    }

    [Fact]
    public async Task MayIRun_AfterJobCanceled_SaysNoAndLateUpdateIsRefused()
    {
        var (_, worker) = factory.AddAwakeWorker("canceled", "misc");
        var job = await factory.SubmitAsync(_client, JobsApiTests.EchoSleep(repeats: 0));
        var task = (await (await worker.PostAsync("/api/v3/worker/task", null)).Content.ReadFromJsonAsync<AssignedTask>(ManagerAppFactory.Json))!;
        var before = await worker.GetFromJsonAsync<MayKeepRunning>($"/api/v3/worker/task/{task.Uuid}/may-i-run", ManagerAppFactory.Json);

        await _client.PostAsJsonAsync($"/api/v3/jobs/{job.Id}/setstatus", new { status = "cancel-requested", reason = "test" });
        var after = await worker.GetFromJsonAsync<MayKeepRunning>($"/api/v3/worker/task/{task.Uuid}/may-i-run", ManagerAppFactory.Json);
        var late = await worker.PostAsJsonAsync($"/api/v3/worker/task/{task.Uuid}", new { taskStatus = "completed" });

        Assert.True(before!.MayKeepRunningNow);
        Assert.False(after!.MayKeepRunningNow);
        Assert.Equal("task is in non-runnable status \"canceled\"", after.Reason);
        Assert.Equal(409, (await JobsApiTests.AssertErrorAsync(late, HttpStatusCode.Conflict)).Code);
        Assert.Equal(TaskStatus.Canceled, (await _client.GetFromJsonAsync<JobTaskDetails>($"/api/v3/tasks/{task.Uuid}", ManagerAppFactory.Json))!.Status);
    }

    [Fact]
    public async Task Schedule_WithoutCredentials_403WithErrorBody()
    {
        var response = await _client.PostAsync("/api/v3/worker/task", null);

        Assert.Equal(403, (await JobsApiTests.AssertErrorAsync(response, HttpStatusCode.Forbidden)).Code);
    }

    [Fact]
    public async Task Update_BadInput_AnsweredWithoutChange()
    {
        var (_, worker) = factory.AddAwakeWorker("bad input", "misc");

        var badId = await worker.PostAsJsonAsync("/api/v3/worker/task/not-a-uuid", new { activity = "x" });
        var unknown = await worker.PostAsJsonAsync($"/api/v3/worker/task/{Guid.NewGuid()}", new { activity = "x" });
        var softFailed = await worker.PostAsJsonAsync($"/api/v3/worker/task/{Guid.NewGuid()}", new { taskStatus = "soft-failed" });

        Assert.Contains("task_id", (await JobsApiTests.AssertErrorAsync(badId, HttpStatusCode.BadRequest)).Message);
        await JobsApiTests.AssertErrorAsync(unknown, HttpStatusCode.NotFound);
        Assert.Contains("taskStatus", (await JobsApiTests.AssertErrorAsync(softFailed, HttpStatusCode.BadRequest)).Message);
    }

    [Fact]
    public async Task OutputProduced_PngOfTheTask_BecomesLastRendered()
    {
        var (_, worker) = factory.AddAwakeWorker("renderer", "misc");
        var job = await factory.SubmitAsync(_client, JobsApiTests.EchoSleep(repeats: 0));
        var task = (await (await worker.PostAsync("/api/v3/worker/task", null)).Content.ReadFromJsonAsync<AssignedTask>(ManagerAppFactory.Json))!;
        using var png = new ByteArrayContent(TestImages.Png(64, 36));
        png.Headers.ContentType = new("image/png");

        var response = await worker.PostAsync($"/api/v3/worker/task/{task.Uuid}/output-produced", png);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        for (var attempt = 0; attempt < 100 && (await _client.GetAsync($"/api/v3/jobs/{job.Id}/last-rendered")).StatusCode != HttpStatusCode.OK; attempt++)
        {
            await Task.Delay(50);
        }
        var info = await _client.GetFromJsonAsync<JobLastRenderedImageInfo>($"/api/v3/jobs/{job.Id}/last-rendered", ManagerAppFactory.Json);
        Assert.Contains("last-rendered.jpg", info!.Suffixes);
    }
}
