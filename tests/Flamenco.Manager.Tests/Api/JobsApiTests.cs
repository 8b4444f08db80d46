using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Flamenco.Api;
using Flamenco.Manager.Tests.Support;

namespace Flamenco.Manager.Tests.Api;

/// <summary>Job submission and the job API through the real host (reference/manager.md §8.1–8.2).</summary>
public sealed class JobsApiTests : IClassFixture<ManagerAppFactory>
{
    private readonly ManagerAppFactory _factory;
    private readonly HttpClient _client;

    public JobsApiTests(ManagerAppFactory factory)
    {
        _factory = factory;
        _client = factory.CreateClient();
    }

    public static object EchoSleep(string message = "hey", int repeats = 2) => new
    {
        name = "echo job",
        type = "echo-sleep-test",
        priority = 50,
        submitter_platform = "linux",
        settings = new { message, sleep_duration_seconds = 3, sleep_repeats = repeats },
    };

    [Fact]
    public async Task SubmitJob_EchoSleep_StoresQueuedJobWithItsTasks()
    {
        var job = await _factory.SubmitAsync(_client, EchoSleep());

        Assert.Equal(JobStatus.Queued, job.Status);
        Assert.Equal(3, job.StepsTotal);
        var fetched = await _client.GetFromJsonAsync<Job>($"/api/v3/jobs/{job.Id}", ManagerAppFactory.Json);
        Assert.Equal(job.Id, fetched!.Id);
        Assert.Equal("hey", fetched.Settings!.Value.GetProperty("message").GetString());
        var tasks = await _client.GetFromJsonAsync<JobTasksSummary>($"/api/v3/jobs/{job.Id}/tasks", ManagerAppFactory.Json);
        Assert.Equal(["echo", "sleep", "sleep"], tasks!.Tasks.Select(t => t.Name));
        Assert.Equal([1, 2, 3], tasks.Tasks.Select(t => t.IndexInJob));
        Assert.All(tasks.Tasks, t => Assert.Equal(("misc", TaskStatus.Queued), (t.TaskType, t.Status)));

        var sleep = await _client.GetFromJsonAsync<JobTaskDetails>($"/api/v3/tasks/{tasks.Tasks[1].Id}", ManagerAppFactory.Json);
        var command = Assert.Single(sleep!.Commands);
        Assert.Equal("sleep", command.Name);
        Assert.Equal(3, command.Parameters.GetProperty("duration_in_seconds").GetInt32());
    }

    [Fact]
    public async Task SubmitJob_SimpleBlenderRender_CompilesRenderAndVideoTasks()
    {
        var job = await _factory.SubmitAsync(_client, new
        {
            name = "3Д рендеринг",
            type = "simple-blender-render",
            priority = 50,
            submitter_platform = "linux",
            settings = new
            {
                blendfile = "/render/sf/jobs/scene123.blend", chunk_size = 3, format = "PNG", fps = 24.0, frames = "1-10",
                image_file_extension = ".png", render_output_root = "/render/out", add_path_components = 0,
                render_output_path = "/render/out/{timestamp}/######",
            },
        });

        var tasks = await _client.GetFromJsonAsync<JobTasksSummary>($"/api/v3/jobs/{job.Id}/tasks", ManagerAppFactory.Json);
        Assert.Equal(["render-1-3", "render-4-6", "render-7-9", "render-10", "preview-video"], tasks!.Tasks.Select(t => t.Name));
        Assert.Equal(["blender", "blender", "blender", "blender", "ffmpeg"], tasks.Tasks.Select(t => t.TaskType));
        Assert.DoesNotContain("{timestamp}", job.Settings!.Value.GetProperty("render_output_path").GetString());
        Assert.Equal("3Д рендеринг", job.Name);
    }

    [Fact]
    public async Task SubmitJobCheck_ValidJob_Answers204AndStoresNothing()
    {
        var before = await JobCount();

        var response = await _client.PostAsJsonAsync("/api/v3/jobs/check", EchoSleep(), ManagerAppFactory.Json);

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Null(response.Content.Headers.ContentType);
        Assert.Equal(before, await JobCount());
    }

    [Fact]
    public async Task SubmitJob_EtagOfTheJobType_IsAcceptedAndStaleEtagGets412()
    {
        var type = await _client.GetFromJsonAsync<AvailableJobType>("/api/v3/jobs/type/echo-sleep-test", ManagerAppFactory.Json);
        Assert.Equal("eba586e16d6b55baaa43e32f9e78ae514b457fee", type!.Etag);
        var withEtag = JsonSerializer.SerializeToNode(EchoSleep(), ManagerAppFactory.Json)!.AsObject();
        withEtag["type_etag"] = type.Etag;
        await _factory.SubmitAsync(_client, withEtag);
        var before = await JobCount();

        withEtag["type_etag"] = "this is not the right etag";
        var response = await _client.PostAsJsonAsync("/api/v3/jobs", withEtag, ManagerAppFactory.Json);

        var error = await AssertErrorAsync(response, HttpStatusCode.PreconditionFailed);
        Assert.StartsWith("rejecting job because its settings are outdated, refresh the job type", error.Message);
        Assert.Equal(before, await JobCount());
    }

    public static TheoryData<string, HttpStatusCode, string> BadSubmissions => new()
    {
        { """{"name":"x","type":"nonexistent","priority":50,"submitter_platform":"linux"}""", HttpStatusCode.BadRequest, "job type unknown: \"nonexistent\"" },
        { """{"type":"echo-sleep-test","priority":50,"submitter_platform":"linux","settings":{"message":"m"}}""", HttpStatusCode.BadRequest, "name: required" },
        { """{"name":"x","type":"echo-sleep-test","submitter_platform":"linux","settings":{"message":"m"}}""", HttpStatusCode.BadRequest, "priority: required" },
        { """{"name":"x","type":"echo-sleep-test","priority":101,"submitter_platform":"linux","settings":{"message":"m"}}""", HttpStatusCode.BadRequest, "priority: must be from 0 to 100, got 101" },
        { """{"name":"x","type":"echo-sleep-test","priority":"5","submitter_platform":"linux","settings":{"message":"m"}}""", HttpStatusCode.BadRequest, "priority" },
        { """{"name":"x","type":"echo-sleep-test","priority":50,"settings":{"message":"m"}}""", HttpStatusCode.BadRequest, "submitter_platform: required" },
        { """{"name":"x","type":"echo-sleep-test","priority":50,"submitter_platform":"linux","settings":[1,2]}""", HttpStatusCode.BadRequest, "settings: must be a JSON object" },
        { """{"name":"x","type":"echo-sleep-test","priority":50,"submitter_platform":"linux","settings":{"message":"m","sleep_repeats":"two"}}""", HttpStatusCode.BadRequest, "settings.sleep_repeats: expected a whole number (int32), got \"two\"" },
        { """{"name":"x","type":"echo-sleep-test","priority":50,"submitter_platform":"linux","settings":{"message":"m","sleep_repeats":1.5}}""", HttpStatusCode.BadRequest, "settings.sleep_repeats: expected a whole number (int32), got 1.5" },
        { """{"name":"x","type":"echo-sleep-test","priority":50,"submitter_platform":"linux","settings":{"message":"m"},"initial_status":"active"}""", HttpStatusCode.BadRequest, "initial_status: must be \"queued\" or \"paused\"" },
        { """{"name":"x","type":"echo-sleep-test","priority":50,"submitter_platform":"linux","settings":{"message":"m"},"initial_status":"bogus"}""", HttpStatusCode.BadRequest, "initial_status" },
        { """{"name":"x","type":"echo-sleep-test","priority":50,"submitter_platform":"linux","settings":{"message":"m"},"metadata":{"n":1}}""", HttpStatusCode.BadRequest, "metadata" },
        { """{"name":"x","type":"echo-sleep-test","priority":50,"submitter_platform":"linux","worker_tag":"not-a-uuid","settings":{"message":"m"}}""", HttpStatusCode.BadRequest, "worker_tag: \"not-a-uuid\" is not a worker tag id" },
        { """{"name":"x","type":"echo-sleep-test","priority":50,"submitter_platform":"linux","worker_tag":"acce9983-e663-4210-b3cc-f7bfa629cb21","settings":{"message":"m"}}""", HttpStatusCode.BadRequest, "worker_tag: no worker tag with id acce9983-e663-4210-b3cc-f7bfa629cb21 exists" },
        { """{"name":"x","type":"simple-blender-render","priority":50,"submitter_platform":"linux","settings":{"frames":"1-x","chunk_size":1,"format":"PNG","render_output_path":"/o/######","blendfile":"/b.blend","image_file_extension":".png"}}""", HttpStatusCode.BadRequest, "invalid range" },
        { """{"name":"x","type":"simple-blender-render","priority":50,"submitter_platform":"linux","settings":{"frames":"1-3","chunk_size":1,"format":"FFMPEG","render_output_path":"/o/######","blendfile":"/b.blend"}}""", HttpStatusCode.BadRequest, "This job type only renders images, and not \"FFMPEG\"" },
        { """{"name":"x", "type":""", HttpStatusCode.BadRequest, "JSON payload" },
    };

    [Theory]
    [MemberData(nameof(BadSubmissions))]
    public async Task SubmitJob_BadInput_AnswersErrorNamingTheProblemAndStoresNothing(string body, HttpStatusCode status, string expectedInMessage)
    {
        var before = await JobCount();

        var response = await _client.PostAsync("/api/v3/jobs", new StringContent(body, Encoding.UTF8, "application/json"));

        var error = await AssertErrorAsync(response, status);
        Assert.Contains(expectedInMessage, error.Message);
        Assert.Equal(before, await JobCount());
    }

    [Fact]
    public async Task SetJobPriority_ValidAndInvalid_SavesOrRefuses()
    {
        var job = await _factory.SubmitAsync(_client, EchoSleep());

        var ok = await _client.PostAsJsonAsync($"/api/v3/jobs/{job.Id}/setpriority", new { priority = 47 });
        var tooHigh = await _client.PostAsJsonAsync($"/api/v3/jobs/{job.Id}/setpriority", new { priority = 101 });
        var unknown = await _client.PostAsJsonAsync($"/api/v3/jobs/{Guid.NewGuid()}/setpriority", new { priority = 3 });
        var badId = await _client.PostAsJsonAsync("/api/v3/jobs/not-a-uuid/setpriority", new { priority = 3 });

        Assert.Equal(HttpStatusCode.NoContent, ok.StatusCode);
        Assert.Contains("priority: must be from 0 to 100", (await AssertErrorAsync(tooHigh, HttpStatusCode.BadRequest)).Message);
        Assert.Contains("no such job", (await AssertErrorAsync(unknown, HttpStatusCode.NotFound)).Message);
        Assert.Contains("job_id", (await AssertErrorAsync(badId, HttpStatusCode.BadRequest)).Message);
        var fetched = await _client.GetFromJsonAsync<Job>($"/api/v3/jobs/{job.Id}", ManagerAppFactory.Json);
        Assert.Equal(47, fetched!.Priority);
    }

    [Fact]
    public async Task SetJobStatus_CancelThenRequeue_FollowsTheStateMachine()
    {
        var job = await _factory.SubmitAsync(_client, EchoSleep());

        var cancel = await _client.PostAsJsonAsync($"/api/v3/jobs/{job.Id}/setstatus", new { status = "cancel-requested", reason = "testing" });
        Assert.Equal(HttpStatusCode.NoContent, cancel.StatusCode);
        var canceled = await _client.GetFromJsonAsync<Job>($"/api/v3/jobs/{job.Id}", ManagerAppFactory.Json);
        Assert.Equal(JobStatus.Canceled, canceled!.Status);
        var tasks = await _client.GetFromJsonAsync<JobTasksSummary>($"/api/v3/jobs/{job.Id}/tasks", ManagerAppFactory.Json);
        Assert.All(tasks!.Tasks, t => Assert.Equal(TaskStatus.Canceled, t.Status));

        var cancelAgain = await _client.PostAsJsonAsync($"/api/v3/jobs/{job.Id}/setstatus", new { status = "cancel-requested", reason = "again" });
        Assert.Contains("cannot go to \"cancel-requested\"", (await AssertErrorAsync(cancelAgain, HttpStatusCode.UnprocessableEntity)).Message);

        var requeue = await _client.PostAsJsonAsync($"/api/v3/jobs/{job.Id}/setstatus", new { status = "requeueing", reason = "retry" });
        Assert.Equal(HttpStatusCode.NoContent, requeue.StatusCode);
        var requeued = await _client.GetFromJsonAsync<Job>($"/api/v3/jobs/{job.Id}", ManagerAppFactory.Json);
        Assert.Equal(JobStatus.Queued, requeued!.Status);
    }

    [Fact]
    public async Task SetJobStatus_StatusNotSettableOrUnknown_RefusedAndNothingChanges()
    {
        var job = await _factory.SubmitAsync(_client, EchoSleep());

        var completed = await _client.PostAsJsonAsync($"/api/v3/jobs/{job.Id}/setstatus", new { status = "completed", reason = "cheat" });
        var bogus = await _client.PostAsJsonAsync($"/api/v3/jobs/{job.Id}/setstatus", new { status = "bogus", reason = "x" });
        var noReason = await _client.PostAsJsonAsync($"/api/v3/jobs/{job.Id}/setstatus", new { status = "cancel-requested" });

        Assert.Contains("can only be set to", (await AssertErrorAsync(completed, HttpStatusCode.UnprocessableEntity)).Message);
        await AssertErrorAsync(bogus, HttpStatusCode.BadRequest);
        Assert.Contains("reason: required", (await AssertErrorAsync(noReason, HttpStatusCode.BadRequest)).Message);
        var fetched = await _client.GetFromJsonAsync<Job>($"/api/v3/jobs/{job.Id}", ManagerAppFactory.Json);
        Assert.Equal(JobStatus.Queued, fetched!.Status);
    }

    [Fact]
    public async Task SetTaskStatus_CancelAndRequeueOneTask_JobFollows()
    {
        var job = await _factory.SubmitAsync(_client, EchoSleep(repeats: 0));
        var task = (await _client.GetFromJsonAsync<JobTasksSummary>($"/api/v3/jobs/{job.Id}/tasks", ManagerAppFactory.Json))!.Tasks.Single();

        var cancel = await _client.PostAsJsonAsync($"/api/v3/tasks/{task.Id}/setstatus", new { status = "canceled", reason = "not needed" });
        Assert.Equal(HttpStatusCode.NoContent, cancel.StatusCode);
        var details = await _client.GetFromJsonAsync<JobTaskDetails>($"/api/v3/tasks/{task.Id}", ManagerAppFactory.Json);
        Assert.Equal((TaskStatus.Canceled, "not needed"), (details!.Status, details.Activity));
        Assert.Equal(JobStatus.Canceled, (await _client.GetFromJsonAsync<Job>($"/api/v3/jobs/{job.Id}", ManagerAppFactory.Json))!.Status);

        var active = await _client.PostAsJsonAsync($"/api/v3/tasks/{task.Id}/setstatus", new { status = "active", reason = "x" });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, active.StatusCode);
        var requeue = await _client.PostAsJsonAsync($"/api/v3/tasks/{task.Id}/setstatus", new { status = "queued", reason = "again" });
        Assert.Equal(HttpStatusCode.NoContent, requeue.StatusCode);
        Assert.Equal(TaskStatus.Queued, (await _client.GetFromJsonAsync<JobTaskDetails>($"/api/v3/tasks/{task.Id}", ManagerAppFactory.Json))!.Status);
    }

    [Theory]
    [InlineData("/api/v3/jobs/{0}", "no such job")]
    [InlineData("/api/v3/jobs/{0}/tasks", "no such job")]
    [InlineData("/api/v3/tasks/{0}", "no such task")]
    [InlineData("/api/v3/jobs/type/nonexistent", "no such job type known")]
    public async Task Get_UnknownId_Answers404WithErrorBody(string path, string message)
    {
        var response = await _client.GetAsync(string.Format(path, Guid.NewGuid()));

        Assert.Contains(message, (await AssertErrorAsync(response, HttpStatusCode.NotFound)).Message);
    }

    [Fact]
    public async Task Get_MalformedId_Answers400NamingTheParameter()
    {
        var response = await _client.GetAsync("/api/v3/tasks/1234");

        Assert.Contains("task_id", (await AssertErrorAsync(response, HttpStatusCode.BadRequest)).Message);
    }

    [Fact]
    public async Task SubmitJob_TenThousandFrames_StoresEveryTask()
    {
        var job = await _factory.SubmitAsync(_client, new
        {
            name = "big", type = "simple-blender-render", priority = 50, submitter_platform = "linux",
            settings = new { blendfile = "/b.blend", chunk_size = 1, format = "PNG", fps = 24, frames = "1-10000", image_file_extension = ".png", render_output_path = "/o/######" },
        });

        var tasks = await _client.GetFromJsonAsync<JobTasksSummary>($"/api/v3/jobs/{job.Id}/tasks", ManagerAppFactory.Json);
        Assert.Equal(10_001, tasks!.Tasks.Count);
        Assert.Equal(10_001, job.StepsTotal);
    }

    private async Task<int> JobCount() =>
        (await _client.GetFromJsonAsync<JobsQueryResult>("/api/v3/jobs", ManagerAppFactory.Json))!.Jobs.Count;

    internal static async Task<ApiError> AssertErrorAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(status == response.StatusCode, $"expected {(int)status}, got {(int)response.StatusCode}: {body}");
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        var error = JsonSerializer.Deserialize<JsonObject>(body)!;
        Assert.Equal((int)status, error["code"]!.GetValue<int>());
        return new ApiError((int)status, error["message"]!.GetValue<string>());
    }
}
