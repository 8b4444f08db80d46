using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization;
using Flamenco.Api;
using Flamenco.Testing;

namespace Flamenco.EndToEnd.Tests.Support;

/// <summary>A Manager process started with its local Worker, and the API calls the tests make against it.</summary>
public sealed class Farm : IAsyncDisposable
{
    public static JsonSerializerOptions Json { get; } = new(JsonSerializerDefaults.Web)
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower) },
    };

    private Farm(ManagerProcess manager)
    {
        Manager = manager;
        Client = new HttpClient { BaseAddress = manager.BaseAddress };
    }

    public ManagerProcess Manager { get; }

    public HttpClient Client { get; }

    public static async Task<Farm> StartAsync() => new(await ManagerProcess.StartAsync(["--local_worker", "true"]));

    public async Task<Job> SubmitAsync(object submission)
    {
        var response = await Client.PostAsJsonAsync("/api/v3/jobs", submission, Json);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"submission failed: {(int)response.StatusCode} {body}");
        return JsonSerializer.Deserialize<Job>(body, Json)!;
    }

    public async Task<Job> GetJobAsync(string id) => (await Client.GetFromJsonAsync<Job>($"/api/v3/jobs/{id}", Json))!;

    public async Task<IReadOnlyList<TaskSummary>> GetTasksAsync(string jobId) =>
        (await Client.GetFromJsonAsync<JobTasksSummary>($"/api/v3/jobs/{jobId}/tasks", Json))!.Tasks;

    /// <summary>Polls the job until <paramref name="done"/> holds or <paramref name="limit"/> passes; returns its last state.</summary>
    public async Task<Job> WaitForJobAsync(string id, Func<Job, bool> done, TimeSpan limit)
    {
        var deadline = TimeProvider.System.GetUtcNow() + limit;
        while (true)
        {
            var job = await GetJobAsync(id);
            if (done(job) || TimeProvider.System.GetUtcNow() > deadline) return job;
            await Task.Delay(TimeSpan.FromMilliseconds(500));
        }
    }

    /// <summary>What went wrong, for assertion messages: the job, its tasks and the Manager's (and worker's) output.</summary>
    public async Task<string> DescribeAsync(Job job)
    {
        var tasks = await GetTasksAsync(job.Id);
        return $"job {job.Status}: {job.Activity}\n" + string.Join("\n", tasks.Select(t => $"  {t.Name}: {t.Status}")) + "\n" + Manager.Output;
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await Manager.DisposeAsync();
    }
}
