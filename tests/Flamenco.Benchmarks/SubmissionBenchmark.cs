using System.Diagnostics;
using System.Net.Http.Json;
using Flamenco.Testing;

namespace Flamenco.Benchmarks;

/// <summary>Job submission figures against a real Manager process.</summary>
internal static class SubmissionBenchmark
{
    public static async Task RunAsync()
    {
        await using var manager = await ManagerProcess.StartAsync(["--Serilog:MinimumLevel:Default", "Warning"]);
        using var client = new HttpClient { BaseAddress = manager.BaseAddress, Timeout = TimeSpan.FromMinutes(5) };
        Console.WriteLine($"Manager pid {manager.ProcessId} at {manager.BaseAddress}, {Environment.ProcessorCount} cores");

        object Job(int i) => new
        {
            name = $"bench {i}",
            type = "simple-blender-render",
            priority = 50,
            submitter_platform = "linux",
            settings = new
            {
                blendfile = "/render/shot/scene.blend",
                chunk_size = 1,
                format = "PNG",
                fps = 24,
                frames = "1-10000",
                image_file_extension = ".png",
                render_output_root = "/render/out",
                add_path_components = 0,
                render_output_path = "/render/out/bench/{timestamp}/######",
            },
        };

        // Warm-up: JIT, plugin load, first job-type preparation.
        await Submit(client, Job(0));

        var submitTimes = new List<double>();
        var tasksTimes = new List<double>();
        string? lastJobId = null;
        for (var i = 1; i <= 100; i++)
        {
            var stopwatch = Stopwatch.StartNew();
            lastJobId = await Submit(client, Job(i));
            submitTimes.Add(stopwatch.Elapsed.TotalMilliseconds);
            if (i % 10 == 0)
            {
                stopwatch.Restart();
                var body = await client.GetStringAsync($"/api/v3/jobs/{lastJobId}/tasks");
                tasksTimes.Add(stopwatch.Elapsed.TotalMilliseconds);
                if (body.Length < 10_000) throw new InvalidOperationException("task listing too short");
            }
        }

        Console.WriteLine($"POST /api/v3/jobs, simple-blender-render 10,000 frames chunk 1 (10,001 tasks), compile + store:");
        Console.WriteLine($"  first {submitTimes[0]:F0} ms, median {Median(submitTimes):F0} ms, max {submitTimes.Max():F0} ms over {submitTimes.Count} jobs (target < 1000 ms)");
        Console.WriteLine($"GET /api/v3/jobs/{{id}}/tasks for such a job: median {Median(tasksTimes):F0} ms, max {tasksTimes.Max():F0} ms over {tasksTimes.Count} calls");
        Console.WriteLine($"Manager resident memory after storing 101 such jobs (1,010,101 tasks): {manager.ResidentBytes() / 1024.0 / 1024.0:F0} MiB");
        var databaseBytes = new FileInfo(Path.Combine(manager.DataFolder, "flamenco-manager.db")).Length;
        Console.WriteLine($"Database file: {databaseBytes / 1024.0 / 1024.0:F0} MiB");

    }

    private static async Task<string> Submit(HttpClient client, object job)
    {
        var response = await client.PostAsJsonAsync("/api/v3/jobs", job);
        var body = await response.Content.ReadFromJsonAsync<Dictionary<string, object>>();
        if (!response.IsSuccessStatusCode) throw new InvalidOperationException($"submit failed: {(int)response.StatusCode} {string.Join(",", body!)}");
        return body!["id"].ToString()!;
    }

    internal static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted[sorted.Count / 2];
    }
}
