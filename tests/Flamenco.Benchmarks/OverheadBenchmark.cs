using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using Flamenco.Testing;

namespace Flamenco.Benchmarks;

/// <summary>
/// What the farm adds per task: a 100-task echo-sleep-test job (one echo, 99 sleeps of one second) from submission to
/// completion on a real Manager process with 1 and with 4 real Worker processes, against the commands' own run time.
/// The Worker keeps Flamenco's waits (3 s before asking for work, 2 s after a task, 20 s when there was none), so
/// most of the overhead is those waits, by design.
/// </summary>
internal static class OverheadBenchmark
{
    private const int SleepRepeats = 99;
    private const int SleepSeconds = 1;

    public static async Task RunAsync(int[] workerCounts)
    {
        Console.WriteLine($"Overhead per task: echo-sleep-test with {SleepRepeats + 1} tasks ({SleepRepeats} x sleep {SleepSeconds} s), real Manager and Worker processes on loopback, {Environment.ProcessorCount} cores");
        foreach (var workers in workerCounts) await RunOneAsync(workers);
    }

    private static async Task RunOneAsync(int workerCount)
    {
        await using var manager = await ManagerProcess.StartAsync(["--Serilog:MinimumLevel:Default", "Warning"]);
        using var http = new HttpClient { BaseAddress = manager.BaseAddress };
        var workers = Enumerable.Range(0, workerCount).Select(i => WorkerProcess.Start(manager.BaseAddress, $"overhead-{i}", ["-quiet"])).ToList();
        try
        {
            await WaitForAwakeWorkersAsync(http, workerCount);
            var stopwatch = Stopwatch.StartNew();
            var submit = await http.PostAsJsonAsync("/api/v3/jobs", new
            {
                name = "overhead", type = "echo-sleep-test", priority = 50, submitter_platform = "linux",
                settings = new { message = "overhead", sleep_duration_seconds = SleepSeconds, sleep_repeats = SleepRepeats },
            });
            submit.EnsureSuccessStatusCode();
            var jobId = JsonDocument.Parse(await submit.Content.ReadAsStringAsync()).RootElement.GetProperty("id").GetString();
            while (true)
            {
                var job = JsonDocument.Parse(await http.GetStringAsync($"/api/v3/jobs/{jobId}")).RootElement;
                var status = job.GetProperty("status").GetString();
                if (status == "completed") break;
                if (status is "failed" or "canceled") throw new InvalidOperationException($"the job ended {status}");
                await Task.Delay(200);
            }
            var wall = stopwatch.Elapsed.TotalSeconds;
            var commandSeconds = (double)SleepRepeats * SleepSeconds;
            var ideal = commandSeconds / workerCount;
            var perTask = (wall - ideal) * workerCount / (SleepRepeats + 1);
            Console.WriteLine($"  {workerCount} worker(s): {wall:F1} s from submission to completion; the commands themselves run {commandSeconds:F0} s " +
                $"({ideal:F1} s spread over {workerCount}); the farm adds {perTask:F2} s per task");
        }
        finally
        {
            foreach (var worker in workers) await worker.DisposeAsync();
        }
    }

    private static async Task WaitForAwakeWorkersAsync(HttpClient http, int count)
    {
        for (var attempt = 0; attempt < 600; attempt++)
        {
            var list = await http.GetFromJsonAsync<JsonElement>("/api/v3/worker-mgt/workers");
            if (list.GetProperty("workers").EnumerateArray().Count(w => w.GetProperty("status").GetString() == "awake") == count) return;
            await Task.Delay(100);
        }
        throw new TimeoutException($"{count} workers did not come awake");
    }
}
