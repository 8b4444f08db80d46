using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Flamenco.Api;
using Flamenco.Manager.Tests.Support;

namespace Flamenco.Manager.Tests.Api;

/// <summary>
/// Bad input handled in one place for every endpoint (issue 10): invalid UTF-8 anywhere in a JSON body, enums that are
/// not exactly a wire name, bodiless requests that carry a JSON content type, bodies of a type an endpoint does not
/// take. Each refusal is Flamenco's <c>{code,message}</c> and changes nothing.
/// </summary>
public sealed class BadInputTests(ManagerAppFactory factory) : IClassFixture<ManagerAppFactory>
{
    private readonly HttpClient _client = factory.CreateClient();

    private static ByteArrayContent JsonBytes(byte[] body)
    {
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        return content;
    }

    /// <summary>The answer's status and its error message, after checking the body is Flamenco's error JSON.</summary>
    private static async Task<(int Status, string Message)> ErrorOf(HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        var error = JsonNode.Parse(body)!.AsObject();
        Assert.Equal((int)response.StatusCode, (int)error["code"]!);
        return ((int)response.StatusCode, (string)error["message"]!);
    }

    private async Task<int> JobCountAsync() =>
        (await _client.GetFromJsonAsync<JobsQueryResult>("/api/v3/jobs", ManagerAppFactory.Json))!.Jobs.Count;

    [Theory]
    [InlineData("/api/v3/jobs")]
    [InlineData("/api/v3/jobs/check")]
    public async Task InvalidUtf8InsideSettings_Is400_AndStoresNothing(string path)
    {
        var before = await JobCountAsync();
        var body = Encoding.UTF8.GetBytes("""{"name":"utf8","type":"echo-sleep-test","priority":50,"submitter_platform":"linux","settings":{"message":"bad ?","sleep_duration_seconds":1,"sleep_repeats":1}}""");
        body[Array.IndexOf(body, (byte)'?')] = 0xC3; // a lead byte with no continuation byte after it

        var (status, message) = await ErrorOf(await _client.PostAsync(path, JsonBytes(body)));

        Assert.Equal(400, status);
        Assert.Contains("UTF-8", message, StringComparison.Ordinal);
        Assert.Equal(before, await JobCountAsync());
    }

    [Theory]
    [InlineData("5")]
    [InlineData("\"cancel-requested \"")]
    [InlineData("\"Cancel-Requested\"")]
    [InlineData("\" cancel-requested\"")]
    [InlineData("\"CancelRequested\"")]
    [InlineData("null")]
    public async Task JobStatus_NotExactlyAWireName_Is400NamingTheFieldAndTheAllowedValues(string status)
    {
        var job = await factory.SubmitAsync(_client, JobsApiTests.EchoSleep());

        var (code, message) = await ErrorOf(await _client.PostAsync($"/api/v3/jobs/{job.Id}/setstatus", WorkerApi.Json($$"""{"status":{{status}},"reason":"typo"}""")));

        Assert.Equal(400, code);
        Assert.Contains("status", message, StringComparison.Ordinal);
        if (status != "null") Assert.Contains("\"cancel-requested\"", message, StringComparison.Ordinal);
        var after = await _client.GetFromJsonAsync<Job>($"/api/v3/jobs/{job.Id}", ManagerAppFactory.Json);
        Assert.Equal(JobStatus.Queued, after!.Status);
    }

    [Fact]
    public async Task JobStatus_ExactWireName_IsStillTaken()
    {
        var job = await factory.SubmitAsync(_client, JobsApiTests.EchoSleep());

        var response = await _client.PostAsync($"/api/v3/jobs/{job.Id}/setstatus", WorkerApi.Json("""{"status":"cancel-requested","reason":"test"}"""));

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        var after = await _client.GetFromJsonAsync<Job>($"/api/v3/jobs/{job.Id}", ManagerAppFactory.Json);
        Assert.NotEqual(JobStatus.Queued, after!.Status);
    }

    [Theory]
    [InlineData("2")]
    [InlineData("\"Canceled\"")]
    [InlineData("\"canceled \"")]
    public async Task TaskStatus_NotExactlyAWireName_Is400(string status)
    {
        var job = await factory.SubmitAsync(_client, JobsApiTests.EchoSleep());
        var tasks = await _client.GetFromJsonAsync<JobTasksSummary>($"/api/v3/jobs/{job.Id}/tasks", ManagerAppFactory.Json);

        var (code, message) = await ErrorOf(await _client.PostAsync($"/api/v3/tasks/{tasks!.Tasks[0].Id}/setstatus", WorkerApi.Json($$"""{"status":{{status}},"reason":"typo"}""")));

        Assert.Equal(400, code);
        Assert.Contains("status: expected one of \"queued\", \"active\"", message, StringComparison.Ordinal);
        var task = await _client.GetFromJsonAsync<JobTaskDetails>($"/api/v3/tasks/{tasks.Tasks[0].Id}", ManagerAppFactory.Json);
        Assert.Equal(TaskStatus.Queued, task!.Status);
    }

    [Theory]
    [InlineData("1")]
    [InlineData("\"Awake\"")]
    [InlineData("\"awake\\n\"")]
    public async Task WorkerStatus_NotExactlyAWireName_Is400AndTheWorkerStaysAsItWas(string status)
    {
        var (id, worker) = await factory.RegisterAsync("strict-enum");
        await worker.SignOnAsync("strict-enum");
        var before = (await _client.GetWorkerAsync(id)).Status;

        var (code, message) = await ErrorOf(await worker.PostAsync("/api/v3/worker/state-changed", WorkerApi.Json($$"""{"status":{{status}}}""")));

        Assert.Equal(400, code);
        Assert.StartsWith("status:", message, StringComparison.Ordinal);
        Assert.Equal(before, (await _client.GetWorkerAsync(id)).Status);
    }

    [Fact]
    public void Enums_AreWrittenWithTheirWireNames()
    {
        Assert.Equal("\"cancel-requested\"", JsonSerializer.Serialize(JobStatus.CancelRequested, ManagerAppFactory.Json));
        Assert.Equal("\"soft-failed\"", JsonSerializer.Serialize(TaskStatus.SoftFailed, ManagerAppFactory.Json));
        Assert.Equal(TaskStatus.SoftFailed, JsonSerializer.Deserialize<TaskStatus>("\"soft-failed\"", ManagerAppFactory.Json));
    }

    [Fact]
    public async Task BodilessGet_WithJsonContentType_IsAnswered()
    {
        var job = await factory.SubmitAsync(_client, JobsApiTests.EchoSleep());
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/v3/jobs/{job.Id}") { Content = JsonBytes([]) };

        var response = await _client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(job.Id, (await response.Content.ReadFromJsonAsync<Job>(ManagerAppFactory.Json))!.Id);
    }

    [Fact]
    public async Task BodilessPost_WithJsonContentType_IsMissingFields_NotBrokenJson()
    {
        var before = await JobCountAsync();

        var (code, message) = await ErrorOf(await _client.PostAsync("/api/v3/jobs", JsonBytes([])));

        Assert.Equal(400, code);
        Assert.DoesNotContain("not valid JSON", message, StringComparison.Ordinal);
        Assert.Contains("name", message, StringComparison.Ordinal);
        Assert.Equal(before, await JobCountAsync());
    }

    [Fact]
    public async Task SubmitJob_WithoutContentType_Is415WithErrorBody()
    {
        var before = await JobCountAsync();
        var content = new ByteArrayContent(JsonSerializer.SerializeToUtf8Bytes(JobsApiTests.EchoSleep()));

        var (code, message) = await ErrorOf(await _client.PostAsync("/api/v3/jobs", content));

        Assert.Equal(415, code);
        Assert.Contains("application/json", message, StringComparison.Ordinal);
        Assert.Equal(before, await JobCountAsync());
    }

    [Fact]
    public async Task OutputProduced_WithoutContentType_Is415WithErrorBody()
    {
        var (_, worker) = factory.AddAwakeWorker("output-415", "misc");
        await factory.SubmitAsync(_client, JobsApiTests.EchoSleep(repeats: 0));
        var assigned = (await (await worker.PostAsync("/api/v3/worker/task", null)).Content.ReadFromJsonAsync<AssignedTask>(ManagerAppFactory.Json))!;

        var (code, _) = await ErrorOf(await worker.PostAsync($"/api/v3/worker/task/{assigned.Uuid}/output-produced", new ByteArrayContent([1, 2, 3])));

        Assert.Equal(415, code);
    }

    [Fact]
    public async Task FetchTask_NamesItsWorker_AndAlwaysListsFailedByWorkers()
    {
        var (worker, client) = factory.AddAwakeWorker("task-owner", "misc");
        await factory.SubmitAsync(_client, JobsApiTests.EchoSleep(repeats: 0));
        var scheduled = await client.PostAsync("/api/v3/worker/task", null);
        var assigned = (await scheduled.Content.ReadFromJsonAsync<AssignedTask>(ManagerAppFactory.Json))!;
        var untouched = await factory.SubmitAsync(_client, JobsApiTests.EchoSleep());

        var task = JsonNode.Parse(await _client.GetStringAsync($"/api/v3/tasks/{assigned.Uuid}"))!;
        var summaries = await _client.GetFromJsonAsync<JobTasksSummary>($"/api/v3/jobs/{assigned.Job}/tasks", ManagerAppFactory.Json);
        var unassignedId = (await _client.GetFromJsonAsync<JobTasksSummary>($"/api/v3/jobs/{untouched.Id}/tasks", ManagerAppFactory.Json))!.Tasks[0].Id;
        var unassigned = JsonNode.Parse(await _client.GetStringAsync($"/api/v3/tasks/{unassignedId}"))!;

        Assert.Equal(worker.Id.ToString(), (string)task["worker"]!["id"]!);
        Assert.Equal("task-owner", (string)task["worker"]!["name"]!);
        Assert.NotNull(task["worker"]!["address"]);
        Assert.Empty(task["failed_by_workers"]!.AsArray());
        Assert.Equal("task-owner", summaries!.Tasks.Single(t => t.Id == assigned.Uuid).Worker!.Name);
        Assert.Null(unassigned["worker"]);
        Assert.Empty(unassigned["failed_by_workers"]!.AsArray());
    }

    [Fact]
    public async Task FetchTask_ListsTheWorkersThatFailedIt()
    {
        var (worker, client) = factory.AddAwakeWorker("task-failer", "misc");
        await factory.SubmitAsync(_client, JobsApiTests.EchoSleep(repeats: 0));
        var assigned = (await (await client.PostAsync("/api/v3/worker/task", null)).Content.ReadFromJsonAsync<AssignedTask>(ManagerAppFactory.Json))!;

        var failed = await client.PostAsync($"/api/v3/worker/task/{assigned.Uuid}", WorkerApi.Json("""{"taskStatus":"failed","log":"boom\n"}"""));
        Assert.Equal(HttpStatusCode.NoContent, failed.StatusCode);

        var task = await _client.GetFromJsonAsync<JobTaskDetails>($"/api/v3/tasks/{assigned.Uuid}", ManagerAppFactory.Json);
        var failedBy = Assert.Single(task!.FailedByWorkers!);
        Assert.Equal((worker.Id.ToString(), "task-failer"), (failedBy.Id, failedBy.Name));
    }
}
