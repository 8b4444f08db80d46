using System.Net;
using System.Net.Http.Json;
using System.Text;
using Flamenco.Api;
using Flamenco.Manager.Tests.Support;

namespace Flamenco.Manager.Tests.Api;

/// <summary>
/// The jobs query as Flamenco's API guide sends it (<c>POST /api/v3/jobs</c> with a <c>JobsQuery</c> body) and as query
/// parameters of <c>GET /api/v3/jobs</c>; a submission stays a submission.
/// </summary>
public sealed class JobsQueryApiTests : IClassFixture<ManagerAppFactory>
{
    private readonly ManagerAppFactory _factory;
    private readonly HttpClient _client;

    public JobsQueryApiTests(ManagerAppFactory factory)
    {
        _factory = factory;
        _client = factory.CreateClient();
    }

    [Fact]
    public async Task PostJobs_WithTheGuidesQuery_AnswersMatchingJobs()
    {
        var run = Guid.NewGuid().ToString();
        var paused = await Submit(run, priority: 10, message: "one", initialStatus: "paused");
        await Submit(run, priority: 20, message: "two");
        var pausedLater = await Submit(run, priority: 30, message: "three", initialStatus: "paused");

        var result = await Query($$$"""{"status_in": ["paused"], "order_by": ["updated_at"], "limit": 5, "metadata": {"run": "{{{run}}}"}}""");

        Assert.Equal([paused.Id, pausedLater.Id], result.Select(j => j.Id));
        Assert.All(result, j => Assert.Equal(JobStatus.Paused, j.Status));
    }

    [Fact]
    public async Task PostJobs_Query_OrdersPagesAndFiltersBySettings()
    {
        var run = Guid.NewGuid().ToString();
        var jobs = new List<Job>();
        foreach (var priority in new[] { 30, 10, 50, 20, 40 }) jobs.Add(await Submit(run, priority, message: priority >= 30 ? "high" : "low"));

        var page = await Query($$$"""{"order_by": ["-priority"], "offset": 1, "limit": 2, "metadata": {"run": "{{{run}}}"}}""");
        Assert.Equal([40, 30], page.Select(j => j.Priority));

        var high = await Query($$$"""{"settings": {"message": "hi%"}, "order_by": ["priority"], "metadata": {"run": "{{{run}}}"}}""");
        Assert.Equal([30, 40, 50], high.Select(j => j.Priority));

        var all = await Query($$$"""{"metadata": {"run": "{{{run}}}"}}""");
        Assert.Equal(jobs.Select(j => j.Id), all.Select(j => j.Id));
    }

    [Fact]
    public async Task GetJobs_WithQueryParameters_FiltersLikeTheBody()
    {
        var run = Guid.NewGuid().ToString();
        await Submit(run, priority: 10, message: "a", initialStatus: "paused");
        var top = await Submit(run, priority: 60, message: "b", initialStatus: "paused");
        await Submit(run, priority: 90, message: "c");

        var result = await _client.GetFromJsonAsync<JobsQueryResult>(
            $"/api/v3/jobs?status_in=paused,canceled&order_by=-priority&limit=1&metadata.run={run}", ManagerAppFactory.Json);

        Assert.Equal([top.Id], result!.Jobs.Select(j => j.Id));
        var bySetting = await _client.GetFromJsonAsync<JobsQueryResult>($"/api/v3/jobs?metadata.run={run}&settings.sleep_repeats=2&settings.message=c", ManagerAppFactory.Json);
        Assert.Equal([90], bySetting!.Jobs.Select(j => j.Priority));
    }

    [Theory]
    [InlineData("""{"order_by": ["colour"]}""", "order_by")]
    [InlineData("""{"order_by": ["--updated"]}""", "order_by")]
    [InlineData("""{"limit": 0}""", "limit")]
    [InlineData("""{"offset": -1}""", "offset")]
    [InlineData("""{"status_in": ["bogus"]}""", "status_in")]
    [InlineData("""{"status_in": "queued"}""", "status_in")]
    [InlineData("""{"metadata": {"project": 5}}""", "metadata")]
    public async Task PostJobs_BadQuery_Is400NamingTheField_AndChangesNothing(string body, string field)
    {
        var before = await AllJobIds();

        var response = await _client.PostAsync("/api/v3/jobs", new StringContent(body, Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var error = await response.Content.ReadFromJsonAsync<ApiError>(ManagerAppFactory.Json);
        Assert.Equal(400, error!.Code);
        Assert.Contains(field, error.Message);
        Assert.Equal(before, await AllJobIds());
    }

    [Theory]
    [InlineData("?limit=abc", "limit")]
    [InlineData("?offset=-3", "offset")]
    [InlineData("?status_in=queued,nope", "status_in")]
    [InlineData("?order_by=priority,bogus", "order_by")]
    [InlineData("?colour=red", "colour")]
    public async Task GetJobs_BadParameters_Is400NamingTheParameter(string query, string field)
    {
        var response = await _client.GetAsync("/api/v3/jobs" + query);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(field, (await response.Content.ReadFromJsonAsync<ApiError>(ManagerAppFactory.Json))!.Message);
    }

    [Theory]
    [InlineData("""{"name": "no type", "priority": 50, "submitter_platform": "linux"}""", "type")]
    [InlineData("""{"type": "echo-sleep-test", "priority": 50, "submitter_platform": "linux"}""", "name")]
    [InlineData("""{"name": null, "type": null}""", "name")]
    public async Task PostJobs_IncompleteSubmission_StaysASubmission(string body, string missing)
    {
        var before = await AllJobIds();

        var response = await _client.PostAsync("/api/v3/jobs", new StringContent(body, Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(missing, (await response.Content.ReadFromJsonAsync<ApiError>(ManagerAppFactory.Json))!.Message);
        Assert.Equal(before, await AllJobIds());
    }

    private async Task<Job> Submit(string run, int priority, string message, string initialStatus = "queued") =>
        await _factory.SubmitAsync(_client, new
        {
            name = $"query {priority}",
            type = "echo-sleep-test",
            priority,
            submitter_platform = "linux",
            initial_status = initialStatus,
            metadata = new Dictionary<string, string> { ["run"] = run },
            settings = new { message, sleep_duration_seconds = 1, sleep_repeats = 2 },
        });

    private async Task<IReadOnlyList<Job>> Query(string body)
    {
        var response = await _client.PostAsync("/api/v3/jobs", new StringContent(body, Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JobsQueryResult>(ManagerAppFactory.Json))!.Jobs;
    }

    private async Task<List<string>> AllJobIds() =>
        [.. (await _client.GetFromJsonAsync<JobsQueryResult>("/api/v3/jobs", ManagerAppFactory.Json))!.Jobs.Select(j => j.Id)];
}
