using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using Flamenco.Api;
using Flamenco.Testing;

namespace Flamenco.Manager.Tests.Process;

/// <summary>
/// What a farm's log shows: at the default level one line per change a client asked for and readable lines for what
/// happened to jobs; worker polls and reads only at debug level.
/// </summary>
public sealed class ManagerLogTests
{
    [Fact]
    public async Task DefaultLevel_LogsChangesOnce_AndNoWorkerTrafficOrReads()
    {
        await using var manager = await ManagerProcess.StartAsync();
        var jobId = await MakeTraffic(manager);

        var lines = await SettledOutput(manager, jobId);
        Assert.DoesNotContain(lines, l => l.Contains("Request starting", StringComparison.Ordinal) || l.Contains("Executing endpoint", StringComparison.Ordinal));
        Assert.Single(lines, l => l.Contains("HTTP POST /api/v3/jobs answered 200", StringComparison.Ordinal));
        Assert.Single(lines, l => l.Contains($"HTTP POST /api/v3/jobs/{jobId}/setstatus answered 204", StringComparison.Ordinal));
        Assert.DoesNotContain(lines, l => l.Contains("HTTP POST /api/v3/worker/", StringComparison.Ordinal) || l.Contains("HTTP GET", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains($"Job \"log test\" ({jobId}) submitted: type echo-sleep-test, priority 50, 2 tasks, queued", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains($"Job \"log test\" ({jobId}): queued -> pause", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains("signed on", StringComparison.Ordinal));
    }

    [Fact]
    public async Task DebugLevel_FromTheCommandLine_AlsoLogsWorkerTrafficAndReads()
    {
        await using var manager = await ManagerProcess.StartAsync(["--log-level", "debug"]);
        var jobId = await MakeTraffic(manager);

        var lines = await SettledOutput(manager, jobId);
        Assert.Equal(3, lines.Count(l => l.Contains("HTTP POST /api/v3/worker/task answered", StringComparison.Ordinal)));
        Assert.Contains(lines, l => l.Contains("HTTP GET /api/v3/jobs answered 200", StringComparison.Ordinal));
    }

    [Fact]
    public async Task UnknownLevel_RefusesToStart_NamingTheKey()
    {
        var failure = await Assert.ThrowsAsync<InvalidOperationException>(() => ManagerProcess.StartAsync(["--log-level", "loud"]));
        Assert.Contains("log_level: unknown level \"loud\"", failure.Message);
    }

    /// <summary>A submission, a pause, three worker polls and three reads.</summary>
    private static async Task<string> MakeTraffic(ManagerProcess manager)
    {
        using var client = new HttpClient { BaseAddress = manager.BaseAddress };
        var submitted = await client.PostAsJsonAsync("/api/v3/jobs", new
        {
            name = "log test", type = "echo-sleep-test", priority = 50, submitter_platform = "linux",
            settings = new { message = "hi", sleep_duration_seconds = 1, sleep_repeats = 1 },
        });
        var job = (await submitted.Content.ReadFromJsonAsync<Job>())!;

        var secret = Guid.NewGuid().ToString("N");
        using var anonymous = new HttpClient { BaseAddress = manager.BaseAddress };
        anonymous.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", "Og==");
        var registered = (await (await anonymous.PostAsJsonAsync("/api/v3/worker/register-worker",
            new { name = "logger", secret, platform = "linux", supported_task_types = new[] { "no-such-type" } })).Content.ReadFromJsonAsync<RegisteredWorker>())!;
        using var worker = new HttpClient { BaseAddress = manager.BaseAddress };
        worker.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{registered.Uuid}:{secret}")));
        (await worker.PostAsJsonAsync("/api/v3/worker/sign-on", new { name = "logger", supported_task_types = new[] { "no-such-type" }, software_version = "3.9-test" })).EnsureSuccessStatusCode();
        (await worker.PostAsync("/api/v3/worker/state-changed", new StringContent("""{"status":"awake"}""", Encoding.UTF8, "application/json"))).EnsureSuccessStatusCode();
        for (var i = 0; i < 3; i++)
        {
            (await worker.PostAsync("/api/v3/worker/task", null)).EnsureSuccessStatusCode();
            (await client.GetAsync("/api/v3/jobs")).EnsureSuccessStatusCode();
        }
        (await client.PostAsJsonAsync($"/api/v3/jobs/{job.Id}/setstatus", new { status = "pause-requested", reason = "log test" })).EnsureSuccessStatusCode();
        return job.Id;
    }

    /// <summary>The output once the pause (the last change) is logged: request lines are written after their answer.</summary>
    private static async Task<string[]> SettledOutput(ManagerProcess manager, string jobId)
    {
        var marker = $"HTTP POST /api/v3/jobs/{jobId}/setstatus answered";
        await Eventually.TrueAsync(() => Task.FromResult(manager.Output.Contains(marker, StringComparison.Ordinal)), "the pause's request line");
        return manager.Output.Split('\n');
    }
}
