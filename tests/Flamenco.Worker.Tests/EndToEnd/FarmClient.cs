using System.Net.Http.Json;
using System.Text.Json;
using Flamenco.Api;

namespace Flamenco.Worker.Tests.EndToEnd;

/// <summary>What a user or pipeline does with a Manager's REST API, for the end-to-end tests.</summary>
internal sealed class FarmClient(Uri manager) : IDisposable
{
    private readonly HttpClient _http = new() { BaseAddress = manager };

    /// <summary>Submits Flamenco's echo-sleep-test job; returns the job id.</summary>
    public Task<string> SubmitEchoSleepAsync(string message, int sleepSeconds, int sleepRepeats) =>
        SubmitAsync("echo-sleep-test", "e2e", new { message, sleep_duration_seconds = sleepSeconds, sleep_repeats = sleepRepeats });

    /// <summary>Submits a job of <paramref name="type"/> against the job type's current etag, as the add-on does; returns the job id.</summary>
    public async Task<string> SubmitAsync(string type, string name, object? settings = null)
    {
        var jobType = await _http.GetFromJsonAsync<JsonElement>($"/api/v3/jobs/type/{type}");
        var submitted = await _http.PostAsJsonAsync("/api/v3/jobs", new
        {
            name,
            type,
            type_etag = jobType.GetProperty("etag").GetString(),
            priority = 50,
            submitter_platform = "linux",
            settings = settings ?? new { },
        });
        var body = await submitted.Content.ReadAsStringAsync();
        Assert.True(submitted.IsSuccessStatusCode, body);
        return JsonDocument.Parse(body).RootElement.GetProperty("id").GetString()!;
    }

    public async Task<Job> JobAsync(string jobId) => (await _http.GetFromJsonAsync<Job>($"/api/v3/jobs/{jobId}"))!;

    /// <summary>Waits until the job is completed; fails at once if it fails, with <paramref name="diagnostics"/> in the message.</summary>
    public async Task WaitUntilCompletedAsync(string jobId, TimeSpan timeout, Func<string> diagnostics)
    {
        var deadline = Environment.TickCount64 + (long)timeout.TotalMilliseconds;
        while (true)
        {
            var job = await JobAsync(jobId);
            if (job.Status == JobStatus.Completed) return;
            if (job.Status is JobStatus.Failed or JobStatus.Canceled || Environment.TickCount64 > deadline)
            {
                Assert.Fail($"job {jobId} is {StatusNames.Of(job.Status)} ({job.Activity}){Environment.NewLine}{diagnostics()}");
            }
            await Task.Delay(250);
        }
    }

    public async Task<IReadOnlyList<TaskSummary>> TasksAsync(string jobId) =>
        (await _http.GetFromJsonAsync<JobTasksSummary>($"/api/v3/jobs/{jobId}/tasks"))!.Tasks;

    public Task<string> LogTailAsync(string taskId) => _http.GetStringAsync($"/api/v3/tasks/{taskId}/logtail");

    /// <summary>The whole task log, from where <c>/log</c> says it is served.</summary>
    public async Task<string> LogAsync(string taskId)
    {
        var info = (await _http.GetFromJsonAsync<TaskLogInfo>($"/api/v3/tasks/{taskId}/log"))!;
        return await _http.GetStringAsync(info.Url);
    }

    public async Task<WorkerSummary?> WorkerAsync(string name) =>
        (await _http.GetFromJsonAsync<WorkerList>("/api/v3/worker-mgt/workers"))!.Workers.SingleOrDefault(w => w.Name == name);

    /// <summary>Waits until the Manager lists the worker <paramref name="name"/> in <paramref name="status"/>.</summary>
    public async Task<WorkerSummary> WaitForWorkerAsync(string name, WorkerStatus status, TimeSpan timeout, Func<string> diagnostics)
    {
        var deadline = Environment.TickCount64 + (long)timeout.TotalMilliseconds;
        while (true)
        {
            var workers = (await _http.GetFromJsonAsync<WorkerList>("/api/v3/worker-mgt/workers"))!.Workers;
            if (workers.FirstOrDefault(w => w.Name == name && w.Status == status) is { } worker) return worker;
            if (Environment.TickCount64 > deadline) Assert.Fail($"worker {name} is not {StatusNames.Of(status)}{Environment.NewLine}{diagnostics()}");
            await Task.Delay(100);
        }
    }

    public async Task RequestStatusAsync(string workerId, WorkerStatus status)
    {
        var answer = await _http.PostAsJsonAsync($"/api/v3/worker-mgt/workers/{workerId}/setstatus",
            new { status = StatusNames.Of(status), is_lazy = false });
        Assert.True(answer.IsSuccessStatusCode, await answer.Content.ReadAsStringAsync());
    }

    public async Task DeleteWorkerAsync(string workerId)
    {
        var answer = await _http.DeleteAsync($"/api/v3/worker-mgt/workers/{workerId}");
        Assert.True(answer.IsSuccessStatusCode, await answer.Content.ReadAsStringAsync());
    }

    public void Dispose() => _http.Dispose();
}
