using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Flamenco.Api;
using Flamenco.Manager.Tests.Support;
using static Flamenco.Manager.Tests.Support.WorkerApi;

namespace Flamenco.Manager.Tests.Api;

/// <summary>
/// The worker protocol and worker management through the real host, as a worker and the web UI call them
/// (reference/manager.md §4.9, §8.6 cases 71–75 and 78–79), with authentication and bad input.
/// </summary>
public sealed class WorkersApiTests(ManagerAppFactory factory) : IClassFixture<ManagerAppFactory>
{
    private readonly HttpClient _client = factory.CreateClient();

    private static async Task AssertError(HttpResponseMessage response, HttpStatusCode status, string messageStart)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == status, $"expected {(int)status}, got {(int)response.StatusCode}: {body}");
        var error = JsonNode.Parse(body)!;
        Assert.Equal((int)status, (int)error["code"]!);
        Assert.StartsWith(messageStart, (string)error["message"]!, StringComparison.Ordinal);
    }

    /// <summary>Submits a job and has the worker fetch a task (not necessarily of that job: other tests' jobs may be queued too).</summary>
    private async Task<AssignedTask> GiveTaskTo(HttpClient worker)
    {
        await factory.SubmitAsync(_client, JobsApiTests.EchoSleep(repeats: 0));
        var response = await worker.PostAsync("/api/v3/worker/task", null);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<AssignedTask>(ManagerAppFactory.Json))!;
    }

    private async Task<JobTaskDetails> GetTask(string id) =>
        (await _client.GetFromJsonAsync<JobTaskDetails>($"/api/v3/tasks/{id}", ManagerAppFactory.Json))!;

    [Fact]
    public async Task RegisterWorker_WithTheEmptyBasicHeaderTheWorkerSends_Registered()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v3/worker/register-worker")
        {
            Content = Json("""{"name":"fresh","secret":"s3cret","platform":"linux","supported_task_types":["Blender"," misc"]}"""),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic", "Og==");

        var response = await _client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var registered = (await response.Content.ReadFromJsonAsync<RegisteredWorker>(ManagerAppFactory.Json))!;
        Assert.Equal(("fresh", "linux", WorkerStatus.Offline), (registered.Name, registered.Platform, registered.Status));
        Assert.Equal(["blender", "misc"], registered.SupportedTaskTypes);
        var details = await _client.GetWorkerAsync(Guid.Parse(registered.Uuid));
        Assert.Equal(WorkerStatus.Offline, details.Status);
    }

    [Theory]
    [InlineData("""{"secret":"s","platform":"linux","supported_task_types":["misc"]}""", "name: required")]
    [InlineData("""{"name":" ","secret":"s","platform":"linux","supported_task_types":["misc"]}""", "name: required")]
    [InlineData("""{"name":"n","platform":"linux","supported_task_types":["misc"]}""", "secret: required")]
    [InlineData("""{"name":"n","secret":"s","supported_task_types":["misc"]}""", "platform: required")]
    [InlineData("""{"name":"n","secret":"s","platform":"linux"}""", "supported_task_types: required")]
    [InlineData("""{"name":"n","secret":"s","platform":"linux","supported_task_types":[]}""", "supported_task_types: required")]
    public async Task RegisterWorker_MissingField_400NamingIt(string body, string message)
    {
        var before = (await _client.GetFromJsonAsync<WorkerList>("/api/v3/worker-mgt/workers", ManagerAppFactory.Json))!.Workers.Count;

        var response = await _client.PostAsync("/api/v3/worker/register-worker", Json(body));

        await AssertError(response, HttpStatusCode.BadRequest, message);
        Assert.Equal(before, (await _client.GetFromJsonAsync<WorkerList>("/api/v3/worker-mgt/workers", ManagerAppFactory.Json))!.Workers.Count);
    }

    [Fact]
    public async Task SignOn_Case71_StartingAndSentToTheScheduledStatus()
    {
        var (id, worker) = await factory.RegisterAsync("to sign on");
        var schedule = await _client.PostAsync($"/api/v3/worker-mgt/workers/{id}/sleep-schedule", Json("""{"is_active":true,"days_of_week":"","start_time":"","end_time":""}"""));
        Assert.Equal(HttpStatusCode.NoContent, schedule.StatusCode);
        var events = factory.Collect<EventWorkerUpdate>();

        var response = await worker.PostAsync("/api/v3/worker/sign-on", Json("""{"name":"Lazy Boi","supported_task_types":["testing","sleeping ","SNOOZING"],"software_version":"3.0-testing","can_restart":true}"""));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(WorkerStatus.Asleep, (await response.Content.ReadFromJsonAsync<WorkerStateChange>(ManagerAppFactory.Json))!.StatusRequested);
        var details = await _client.GetWorkerAsync(id);
        Assert.Equal((WorkerStatus.Starting, "Lazy Boi", "3.0-testing", true), (details.Status, details.Name, details.Version, details.CanRestart));
        Assert.Equal(["testing", "sleeping", "snoozing"], details.SupportedTaskTypes);
        Assert.NotNull(details.LastSeen);
        var update = Assert.Single(events, e => e.Id == id.ToString());
        Assert.Equal((WorkerStatus.Starting, WorkerStatus.Offline), (update.Status, update.PreviousStatus));
    }

    [Fact]
    public async Task SignOn_MissingField_400NamingIt()
    {
        var (_, worker) = await factory.RegisterAsync();

        var response = await worker.PostAsync("/api/v3/worker/sign-on", Json("""{"name":"w","supported_task_types":["misc"]}"""));

        await AssertError(response, HttpStatusCode.BadRequest, "software_version: required");
    }

    [Fact]
    public async Task SignOff_Case72_RemembersAwakeAndRequeuesItsTask()
    {
        var (id, worker) = await factory.AwakeWorkerAsync("signing off");
        var task = await GiveTaskTo(worker);
        await _client.PostAsync($"/api/v3/worker-mgt/workers/{id}/setstatus", Json("""{"status":"offline","is_lazy":true}"""));
        var events = factory.Collect<EventWorkerUpdate>();

        var response = await worker.PostAsync("/api/v3/worker/sign-off", null);

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        var details = await _client.GetWorkerAsync(id);
        Assert.Equal(WorkerStatus.Offline, details.Status);
        Assert.Equal(new WorkerStatusChangeRequest { Status = WorkerStatus.Awake, IsLazy = false }, details.StatusChange);
        Assert.Null(details.Task);
        var requeued = await GetTask(task.Uuid);
        Assert.Equal(TaskStatus.Queued, requeued.Status);
        Assert.Equal("Task was queued by Manager because worker signed off", requeued.Activity);
        var update = Assert.Single(events, e => e.Id == id.ToString());
        Assert.Equal((WorkerStatus.Awake, WorkerStatus.Awake, false), (update.PreviousStatus, update.StatusChange!.Status, update.StatusChange.IsLazy));

        Assert.Equal(WorkerStatus.Awake, await worker.SignOnAsync("signing off"));
    }

    [Fact]
    public async Task StateChanged_Case74_LeavingAwakeRequeuesNamingTheWorker()
    {
        var (id, worker) = await factory.AwakeWorkerAsync("дрон");
        var task = await GiveTaskTo(worker);

        var response = await worker.PostAsync("/api/v3/worker/state-changed", Json("""{"status":"asleep"}"""));

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Equal(WorkerStatus.Asleep, (await _client.GetWorkerAsync(id)).Status);
        var requeued = await GetTask(task.Uuid);
        Assert.Equal((TaskStatus.Queued, $"Task was queued by Manager because worker дрон ({id}) changed status to 'asleep'"), (requeued.Status, requeued.Activity));
    }

    [Fact]
    public async Task StateChanged_Case74_ANonMatchingStatusKeepsTheRequest()
    {
        var (id, worker) = await factory.RegisterAsync();
        await _client.PostAsync($"/api/v3/worker-mgt/workers/{id}/setstatus", Json("""{"status":"asleep","is_lazy":false}"""));

        await worker.PostAsync("/api/v3/worker/state-changed", Json("""{"status":"starting"}"""));

        Assert.Equal(WorkerStatus.Asleep, (await _client.GetWorkerAsync(id)).StatusChange?.Status);

        await worker.PostAsync("/api/v3/worker/state-changed", Json("""{"status":"asleep"}"""));

        Assert.Null((await _client.GetWorkerAsync(id)).StatusChange);
    }

    [Theory]
    [InlineData("""{"status":"sleepy"}""", "status: \"sleepy\" is not a worker status")]
    [InlineData("""{}""", "status: required")]
    [InlineData("""{"status":"Awake"}""", "status: \"Awake\" is not a worker status")]
    public async Task StateChanged_UnknownStatus_400AndUnchanged(string body, string message)
    {
        var (id, worker) = await factory.AwakeWorkerAsync();

        await AssertError(await worker.PostAsync("/api/v3/worker/state-changed", Json(body)), HttpStatusCode.BadRequest, message);

        Assert.Equal(WorkerStatus.Awake, (await _client.GetWorkerAsync(id)).Status);
    }

    [Fact]
    public async Task WorkerState_Case75_204WithoutRequestElseTheRequest()
    {
        var (id, worker) = await factory.AwakeWorkerAsync();

        var none = await worker.GetAsync("/api/v3/worker/state");
        await _client.PostAsync($"/api/v3/worker-mgt/workers/{id}/setstatus", Json("""{"status":"asleep","is_lazy":true}"""));
        var requested = await worker.GetAsync("/api/v3/worker/state");

        Assert.Equal(HttpStatusCode.NoContent, none.StatusCode);
        Assert.Null(none.Content.Headers.ContentType);
        Assert.Equal(HttpStatusCode.OK, requested.StatusCode);
        Assert.Equal("""{"status_requested":"asleep"}""", await requested.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task RequestWorkerStatusChange_Case78_StoredBroadcastThenClearedByTheCurrentStatus()
    {
        var (id, _) = await factory.AwakeWorkerAsync();
        var events = factory.Collect<EventWorkerUpdate>();

        var lazy = await _client.PostAsync($"/api/v3/worker-mgt/workers/{id}/setstatus", Json("""{"status":"asleep","is_lazy":true}"""));

        Assert.Equal(HttpStatusCode.NoContent, lazy.StatusCode);
        var summary = (await _client.GetFromJsonAsync<WorkerList>("/api/v3/worker-mgt/workers", ManagerAppFactory.Json))!.Workers.Single(w => w.Id == id.ToString());
        Assert.Equal(new WorkerStatusChangeRequest { Status = WorkerStatus.Asleep, IsLazy = true }, summary.StatusChange);
        Assert.Equal(WorkerStatus.Asleep, Assert.Single(events, e => e.Id == id.ToString()).StatusChange?.Status);

        var revert = await _client.PostAsync($"/api/v3/worker-mgt/workers/{id}/setstatus", Json("""{"status":"awake","is_lazy":false}"""));

        Assert.Equal(HttpStatusCode.NoContent, revert.StatusCode);
        Assert.Null((await _client.GetWorkerAsync(id)).StatusChange);
        Assert.Null(events.Last(e => e.Id == id.ToString()).StatusChange);
    }

    [Fact]
    public async Task RequestWorkerStatusChange_Restart_412UnlessTheWorkerCanRestart()
    {
        var (plain, _) = await factory.AwakeWorkerAsync("plain");
        var (restartable, _) = await factory.AwakeWorkerAsync("restartable", canRestart: true);

        var refused = await _client.PostAsync($"/api/v3/worker-mgt/workers/{plain}/setstatus", Json("""{"status":"restart","is_lazy":false}"""));
        var accepted = await _client.PostAsync($"/api/v3/worker-mgt/workers/{restartable}/setstatus", Json("""{"status":"restart","is_lazy":false}"""));

        await AssertError(refused, HttpStatusCode.PreconditionFailed, $"worker \"{plain}\" does not know how to restart");
        Assert.Null((await _client.GetWorkerAsync(plain)).StatusChange);
        Assert.Equal(HttpStatusCode.NoContent, accepted.StatusCode);
        Assert.Equal(WorkerStatus.Restart, (await _client.GetWorkerAsync(restartable)).StatusChange?.Status);
    }

    [Theory]
    [InlineData("""{"status":"napping","is_lazy":true}""", "status: \"napping\" is not a worker status")]
    [InlineData("""{"is_lazy":true}""", "status: required")]
    [InlineData("""{"status":"asleep"}""", "is_lazy: required")]
    [InlineData("""{"status":"asleep","is_lazy":"yes"}""", "is_lazy: ")]
    public async Task RequestWorkerStatusChange_BadBody_400AndUnchanged(string body, string message)
    {
        var (id, _) = await factory.AwakeWorkerAsync();

        await AssertError(await _client.PostAsync($"/api/v3/worker-mgt/workers/{id}/setstatus", Json(body)), HttpStatusCode.BadRequest, message);

        Assert.Null((await _client.GetWorkerAsync(id)).StatusChange);
    }

    [Fact]
    public async Task DeleteWorker_Case79_RequeuesSoftDeletesAndTheWorkerCanNoLongerAuthenticate()
    {
        var (id, worker) = await factory.AwakeWorkerAsync("doomed");
        var task = await GiveTaskTo(worker);
        var events = factory.Collect<EventWorkerUpdate>();

        var response = await _client.DeleteAsync($"/api/v3/worker-mgt/workers/{id}");

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        var requeued = await GetTask(task.Uuid);
        Assert.Equal((TaskStatus.Queued, "Task was queued by Manager because worker is being deleted"), (requeued.Status, requeued.Activity));
        Assert.NotNull(Assert.Single(events, e => e.Id == id.ToString()).DeletedAt);
        Assert.DoesNotContain((await _client.GetFromJsonAsync<WorkerList>("/api/v3/worker-mgt/workers", ManagerAppFactory.Json))!.Workers, w => w.Id == id.ToString());
        await AssertError(await _client.GetAsync($"/api/v3/worker-mgt/workers/{id}"), HttpStatusCode.NotFound, $"worker \"{id}\" not found");
        await AssertError(await worker.GetAsync("/api/v3/worker/state"), HttpStatusCode.Forbidden, "unknown worker or wrong secret");
        await AssertError(await _client.DeleteAsync($"/api/v3/worker-mgt/workers/{id}"), HttpStatusCode.NotFound, $"worker \"{id}\" not found");
    }

    [Fact]
    public async Task FetchWorker_ActiveTask_Shown()
    {
        var (id, worker) = await factory.AwakeWorkerAsync("busy");
        var task = await GiveTaskTo(worker);

        var details = await _client.GetWorkerAsync(id);

        Assert.Equal((task.Uuid, task.Job, TaskStatus.Active), (details.Task?.Id, details.Task?.JobId, details.Task?.Status));
        Assert.Equal(id.ToString(), details.Task?.Worker?.Id);
        Assert.Empty(details.Tags!);
    }

    [Theory]
    [InlineData("GET", "")]
    [InlineData("DELETE", "")]
    [InlineData("POST", "/setstatus")]
    [InlineData("POST", "/settags")]
    [InlineData("GET", "/sleep-schedule")]
    [InlineData("POST", "/sleep-schedule")]
    public async Task WorkerManagement_UnknownWorker_404(string method, string suffix)
    {
        var id = Guid.NewGuid();
        var body = suffix switch
        {
            "/setstatus" => """{"status":"asleep","is_lazy":true}""",
            "/settags" => """{"tag_ids":[]}""",
            "/sleep-schedule" => """{"is_active":true,"days_of_week":"","start_time":"","end_time":""}""",
            _ => "",
        };
        using var request = new HttpRequestMessage(new HttpMethod(method), $"/api/v3/worker-mgt/workers/{id}{suffix}") { Content = method == "POST" ? Json(body) : null };

        await AssertError(await _client.SendAsync(request), HttpStatusCode.NotFound, $"worker \"{id}\" not found");
    }

    [Theory]
    [InlineData("GET", "")]
    [InlineData("DELETE", "")]
    [InlineData("POST", "/setstatus")]
    [InlineData("POST", "/settags")]
    [InlineData("GET", "/sleep-schedule")]
    [InlineData("POST", "/sleep-schedule")]
    public async Task WorkerManagement_MalformedWorkerId_400(string method, string suffix)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), $"/api/v3/worker-mgt/workers/not-a-uuid{suffix}") { Content = method == "POST" ? Json("{}") : null };

        await AssertError(await _client.SendAsync(request), HttpStatusCode.BadRequest, "worker_id: \"not-a-uuid\" is not a valid UUID");
    }

    [Fact]
    public async Task SleepSchedule_NoneThenStoredNormalizedAndSpanningMidnight()
    {
        var (id, _) = await factory.RegisterAsync();

        var none = await _client.GetAsync($"/api/v3/worker-mgt/workers/{id}/sleep-schedule");
        var set = await _client.PostAsync($"/api/v3/worker-mgt/workers/{id}/sleep-schedule", Json("""{"is_active":false,"days_of_week":" Monday  TU fri","start_time":"22:00","end_time":"6:00"}"""));
        var stored = await _client.GetAsync($"/api/v3/worker-mgt/workers/{id}/sleep-schedule");

        Assert.Equal(HttpStatusCode.NoContent, none.StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, set.StatusCode);
        Assert.Equal("""{"is_active":false,"days_of_week":"mo tu fr","start_time":"22:00","end_time":"06:00"}""", await stored.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData("""{"is_active":true,"days_of_week":"","start_time":"25:00","end_time":""}""", "start_time: \"25:00\" is not a time of day")]
    [InlineData("""{"is_active":true,"days_of_week":"","start_time":"","end_time":"noon"}""", "end_time: \"noon\" is not a time of day")]
    [InlineData("""{"is_active":true,"days_of_week":"mo funday","start_time":"","end_time":""}""", "days_of_week: \"funday\" is not a day")]
    [InlineData("""{"days_of_week":"","start_time":"","end_time":""}""", "is_active: required")]
    public async Task SetSleepSchedule_BadInput_400AndNothingStored(string body, string message)
    {
        var (id, _) = await factory.RegisterAsync();

        await AssertError(await _client.PostAsync($"/api/v3/worker-mgt/workers/{id}/sleep-schedule", Json(body)), HttpStatusCode.BadRequest, message);

        Assert.Equal(HttpStatusCode.NoContent, (await _client.GetAsync($"/api/v3/worker-mgt/workers/{id}/sleep-schedule")).StatusCode);
    }

    [Fact]
    public async Task SetSleepSchedule_ActiveAllDay_AwakeWorkerAskedToSleepAtOnce()
    {
        var (id, worker) = await factory.AwakeWorkerAsync();

        await _client.PostAsync($"/api/v3/worker-mgt/workers/{id}/sleep-schedule", Json("""{"is_active":true,"days_of_week":"","start_time":"","end_time":""}"""));

        Assert.Equal("""{"status_requested":"asleep"}""", await (await worker.GetAsync("/api/v3/worker/state")).Content.ReadAsStringAsync());
        Assert.Equal(new WorkerStatusChangeRequest { Status = WorkerStatus.Asleep, IsLazy = false }, (await _client.GetWorkerAsync(id)).StatusChange);
    }

    public static TheoryData<string, string> WorkerOperations => new()
    {
        { "POST", "/api/v3/worker/sign-on" },
        { "POST", "/api/v3/worker/sign-off" },
        { "GET", "/api/v3/worker/state" },
        { "POST", "/api/v3/worker/state-changed" },
        { "POST", "/api/v3/worker/task" },
        { "POST", $"/api/v3/worker/task/{Guid.NewGuid()}" },
        { "GET", $"/api/v3/worker/task/{Guid.NewGuid()}/may-i-run" },
    };

    [Theory]
    [MemberData(nameof(WorkerOperations))]
    public async Task WorkerOperation_NoCredentials_403(string method, string path)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), path) { Content = method == "POST" ? Json("{}") : null };

        await AssertError(await _client.SendAsync(request), HttpStatusCode.Forbidden, "authentication required");
    }

    [Theory]
    [MemberData(nameof(WorkerOperations))]
    public async Task WorkerOperation_EmptyBasicCredentials_403(string method, string path)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), path) { Content = method == "POST" ? Json("{}") : null };
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic", "Og==");

        await AssertError(await _client.SendAsync(request), HttpStatusCode.Forbidden, "the Basic credentials must be worker_uuid:secret");
    }

    [Fact]
    public async Task SignOn_WrongSecret_403AndNothingChanged()
    {
        var (id, _) = await factory.AwakeWorkerAsync("guarded");
        using var impostor = factory.CreateClient();
        impostor.DefaultRequestHeaders.Authorization = Basic($"{id}:guessed");
        var before = await _client.GetWorkerAsync(id);

        var response = await impostor.PostAsync("/api/v3/worker/sign-on", Json("""{"name":"impostor","supported_task_types":["misc"],"software_version":"1"}"""));

        await AssertError(response, HttpStatusCode.Forbidden, "unknown worker or wrong secret");
        var after = await _client.GetWorkerAsync(id);
        Assert.Equal((WorkerStatus.Awake, "guarded", before.LastSeen), (after.Status, after.Name, after.LastSeen));
    }

    [Theory]
    [InlineData("Basic bm90LWEtdXVpZDpzZWNyZXQ=", "the user name must be the worker's UUID")]
    [InlineData("Basic !!!", "the Basic credentials are not valid base64")]
    [InlineData("Bearer token", "authentication must be HTTP Basic")]
    public async Task WorkerOperation_MalformedCredentials_403(string header, string message)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v3/worker/state");
        request.Headers.TryAddWithoutValidation("Authorization", header);

        await AssertError(await _client.SendAsync(request), HttpStatusCode.Forbidden, message);
    }

    [Fact]
    public async Task WorkerOperation_BadBodyWithoutCredentials_403BeforeValidation()
    {
        var response = await _client.PostAsync("/api/v3/worker/state-changed", Json("""{"status":"nonsense"}"""));

        await AssertError(response, HttpStatusCode.Forbidden, "authentication required");
    }
}
