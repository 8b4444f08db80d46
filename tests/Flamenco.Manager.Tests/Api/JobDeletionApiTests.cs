using System.Net;
using System.Net.Http.Json;
using System.Text;
using Flamenco.Api;
using Flamenco.Manager.Events;
using Flamenco.Manager.LocalStorage;
using Flamenco.Manager.Persistence;
using Flamenco.Manager.TaskLogs;
using Flamenco.Manager.Tests.LastRendered;
using Flamenco.Manager.Tests.Support;
using Flamenco.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Flamenco.Manager.Tests.Api;

/// <summary>Job deletion through the real host (manager.md cases 29–30): marked first, then removed in the background.</summary>
public sealed class JobDeletionApiTests : IDisposable
{
    private readonly ManagerAppFactory _factory = new();
    private readonly HttpClient _client;

    public JobDeletionApiTests() => _client = _factory.CreateClient();

    [Fact]
    public async Task DeleteQueuedJob_RemovesJobTasksLogsAndLastRendered_AndAnnouncesMarkThenDeletion()
    {
        var job = await _factory.SubmitAsync(_client, JobsApiTests.EchoSleep());
        var other = await _factory.SubmitAsync(_client, JobsApiTests.EchoSleep());
        var jobId = Guid.Parse(job.Id);
        var tasks = (await _client.GetFromJsonAsync<JobTasksSummary>($"/api/v3/jobs/{job.Id}/tasks", ManagerAppFactory.Json))!.Tasks;
        var logs = _factory.Services.GetRequiredService<ITaskLogStore>();
        logs.Append(jobId, Guid.Parse(tasks[0].Id), "a line of log");
        await TestImages.QueueAndWaitAsync(_factory.Services, jobId, TestImages.Jpeg(64, 32));
        var jobFolder = _factory.Services.GetRequiredService<ManagerLocalStorage>().JobFolder(jobId);
        Assert.True(File.Exists(Path.Combine(jobFolder, $"task-{tasks[0].Id}.txt")));
        Assert.Equal(HttpStatusCode.OK, (await _client.GetAsync("/api/v3/jobs/last-rendered")).StatusCode);
        var updates = new List<EventJobUpdate>();
        using var subscription = _factory.Services.GetRequiredService<EventBus>().Subscribe<EventJobUpdate>(e =>
        {
            if (e.Id == job.Id) lock (updates) updates.Add(e);
        });

        var response = await _client.DeleteAsync($"/api/v3/jobs/{job.Id}");

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        await Eventually.TrueAsync(async () => (await _client.GetAsync($"/api/v3/jobs/{job.Id}")).StatusCode == HttpStatusCode.NotFound, "the job to be deleted");
        Assert.All(tasks, t => Assert.Null(_factory.Services.GetRequiredService<IJobStore>().FindTask(Guid.Parse(t.Id))));
        Assert.Empty(_factory.Services.GetRequiredService<IJobStore>().TasksOfJob(jobId));
        Assert.False(Directory.Exists(jobFolder));
        Assert.Equal(HttpStatusCode.NotFound, (await _client.GetAsync($"/api/v3/tasks/{tasks[0].Id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await _client.GetAsync("/api/v3/jobs/last-rendered")).StatusCode);
        var listed = await _client.GetFromJsonAsync<JobsQueryResult>("/api/v3/jobs", ManagerAppFactory.Json);
        Assert.DoesNotContain(listed!.Jobs, j => j.Id == job.Id);
        Assert.Contains(listed.Jobs, j => j.Id == other.Id);
        await Eventually.TrueAsync(() => Task.FromResult(Snapshot(updates).Count == 2), "the deletion's two job updates");
        var (marked, deleted) = (updates[0], updates[1]);
        Assert.NotNull(marked.DeleteRequestedAt);
        Assert.Equal((JobStatus.Canceled, JobStatus.Queued, (bool?)null), (marked.Status, marked.PreviousStatus, marked.WasDeleted));
        Assert.True(deleted.WasDeleted);
    }

    [Fact]
    public async Task DeleteJob_Twice_MarksOnceAndStays204UntilGone()
    {
        var job = await _factory.SubmitAsync(_client, JobsApiTests.EchoSleep());

        var first = await _client.DeleteAsync($"/api/v3/jobs/{job.Id}");
        var second = await _client.DeleteAsync($"/api/v3/jobs/{job.Id}");

        Assert.Equal(HttpStatusCode.NoContent, first.StatusCode);
        Assert.True(second.StatusCode is HttpStatusCode.NoContent or HttpStatusCode.NotFound, $"second request: {(int)second.StatusCode}");
        await Eventually.TrueAsync(async () => (await _client.GetAsync($"/api/v3/jobs/{job.Id}")).StatusCode == HttpStatusCode.NotFound, "the job to be deleted");
    }

    [Fact]
    public async Task DeleteAndWhatWouldItDo_UnknownOrMalformedId_ClearErrorsAndNothingChanges()
    {
        var job = await _factory.SubmitAsync(_client, JobsApiTests.EchoSleep());
        var missing = Guid.NewGuid();

        Assert.Equal($"no such job: {missing}", (await JobsApiTests.AssertErrorAsync(await _client.DeleteAsync($"/api/v3/jobs/{missing}"), HttpStatusCode.NotFound)).Message);
        Assert.Contains("job_id", (await JobsApiTests.AssertErrorAsync(await _client.DeleteAsync("/api/v3/jobs/not-a-uuid"), HttpStatusCode.BadRequest)).Message);
        Assert.Equal($"no such job: {missing}", (await JobsApiTests.AssertErrorAsync(await _client.GetAsync($"/api/v3/jobs/{missing}/what-would-delete-do"), HttpStatusCode.NotFound)).Message);
        Assert.Contains("job_id", (await JobsApiTests.AssertErrorAsync(await _client.GetAsync("/api/v3/jobs/not-a-uuid/what-would-delete-do"), HttpStatusCode.BadRequest)).Message);

        var after = await _client.GetFromJsonAsync<Job>($"/api/v3/jobs/{job.Id}", ManagerAppFactory.Json);
        Assert.Equal((JobStatus.Queued, (DateTimeOffset?)null), (after!.Status, after.DeleteRequestedAt));
    }

    [Fact]
    public async Task WhatWouldDeleteDo_JobWithoutShaman_NoCheckout()
    {
        var job = await _factory.SubmitAsync(_client, JobsApiTests.EchoSleep());

        var info = await _client.GetFromJsonAsync<JobDeletionInfo>($"/api/v3/jobs/{job.Id}/what-would-delete-do", ManagerAppFactory.Json);

        Assert.False(info!.ShamanCheckout);
    }

    [Fact]
    public async Task MassDelete_DeletesJobsUpdatedUpToTheMoment_LaterOnesStay()
    {
        var old1 = await _factory.SubmitAsync(_client, JobsApiTests.EchoSleep());
        var old2 = await _factory.SubmitAsync(_client, JobsApiTests.EchoSleep());
        // Rounded up to the whole second, so the job to keep must be a second younger.
        await Task.Delay(TimeSpan.FromSeconds(1.1));
        var young = await _factory.SubmitAsync(_client, JobsApiTests.EchoSleep());

        var response = await MassDeleteAsync($$"""{"last_updated_max":"{{old2.Updated.ToOffset(TimeSpan.FromHours(2)):yyyy-MM-ddTHH:mm:ss.fffzzz}}"}""");

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        foreach (var old in (Job[])[old1, old2])
        {
            await Eventually.TrueAsync(async () => (await _client.GetAsync($"/api/v3/jobs/{old.Id}")).StatusCode == HttpStatusCode.NotFound, "the old jobs to be deleted");
        }
        var kept = await _client.GetFromJsonAsync<Job>($"/api/v3/jobs/{young.Id}", ManagerAppFactory.Json);
        Assert.Equal((JobStatus.Queued, (DateTimeOffset?)null), (kept!.Status, kept.DeleteRequestedAt));
    }

    [Theory]
    [InlineData("""{"last_updated_max":"2000-01-01T00:00:00Z"}""", HttpStatusCode.RequestedRangeNotSatisfiable, "no jobs modified before timestamp 2000-01-01T00:00:00Z")]
    [InlineData("""{}""", HttpStatusCode.BadRequest, "last_updated_max: required")]
    [InlineData("""{"last_updated_max":"yesterday"}""", HttpStatusCode.BadRequest, "last_updated_max: expected an RFC 3339 date-time")]
    [InlineData("""{"last_updated_max":"2023-13-45T00:00:00Z"}""", HttpStatusCode.BadRequest, "last_updated_max: expected an RFC 3339 date-time")]
    [InlineData("""{"last_updated_max":"2099-01-01T00:00:00"}""", HttpStatusCode.BadRequest, "last_updated_max: expected an RFC 3339 date-time")]
    [InlineData("""{"last_updated_max":5}""", HttpStatusCode.BadRequest, "last_updated_max")]
    public async Task MassDelete_NothingMatchingOrBadDate_ErrorNamingWhyAndNothingChanges(string body, HttpStatusCode status, string message)
    {
        var job = await _factory.SubmitAsync(_client, JobsApiTests.EchoSleep());

        var error = await JobsApiTests.AssertErrorAsync(await MassDeleteAsync(body), status);

        Assert.Contains(message, error.Message, StringComparison.Ordinal);
        var after = await _client.GetFromJsonAsync<Job>($"/api/v3/jobs/{job.Id}", ManagerAppFactory.Json);
        Assert.Equal((JobStatus.Queued, (DateTimeOffset?)null), (after!.Status, after.DeleteRequestedAt));
    }

    private static List<EventJobUpdate> Snapshot(List<EventJobUpdate> updates)
    {
        lock (updates) return [.. updates];
    }

    private Task<HttpResponseMessage> MassDeleteAsync(string body) =>
        _client.SendAsync(new HttpRequestMessage(HttpMethod.Delete, "/api/v3/jobs/mass-delete") { Content = new StringContent(body, Encoding.UTF8, "application/json") });

    public void Dispose() => _factory.Dispose();
}
