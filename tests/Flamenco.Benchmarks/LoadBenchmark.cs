using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using Flamenco.Api;
using Flamenco.Testing;

namespace Flamenco.Benchmarks;

/// <summary>
/// Many simulated workers polling a real Manager process over HTTP: each registers, signs on, reports awake, then
/// asks for a task and completes it at once, again and again. Prints assignments per second and poll latency.
/// </summary>
internal static class LoadBenchmark
{
    public static async Task RunAsync(int workerCount, TimeSpan duration)
    {
        await using var manager = await ManagerProcess.StartAsync(["--Serilog:MinimumLevel:Default", "Warning"]);
        using var handler = new SocketsHttpHandler { MaxConnectionsPerServer = workerCount + 10, PooledConnectionLifetime = Timeout.InfiniteTimeSpan };
        using var http = new HttpClient(handler) { BaseAddress = manager.BaseAddress, Timeout = TimeSpan.FromMinutes(2) };
        Console.WriteLine($"Load: {workerCount} simulated workers for {duration.TotalSeconds:F0} s against a Manager process on loopback ({Environment.ProcessorCount} cores shared with this load generator)");

        // Enough frames that no worker runs out, at up to 5,000 assignments a second.
        var frames = Math.Max(20_000, (int)duration.TotalSeconds * 5_000);
        var submit = await http.PostAsJsonAsync("/api/v3/jobs", new
        {
            name = "load", type = "simple-blender-render", priority = 50, submitter_platform = "linux",
            settings = new { blendfile = "/b.blend", chunk_size = 1, format = "PNG", fps = 24, frames = $"1-{frames}", image_file_extension = ".png", render_output_path = "/o/######" },
        });
        submit.EnsureSuccessStatusCode();

        var workers = await Task.WhenAll(Enumerable.Range(0, workerCount).Select(i => SignOnAsync(http, $"load-{i}")));
        Console.WriteLine($"  {workerCount} workers signed on; measuring (Manager process {manager.ProcessId})");
        var pollLatencies = new ConcurrentBag<double>();
        var assignments = 0;
        using var managerProcess = Process.GetProcessById(manager.ProcessId);
        var managerCpuBefore = managerProcess.TotalProcessorTime;
        var stopAt = Stopwatch.StartNew();
        await Task.WhenAll(workers.Select(auth => Task.Run(async () =>
        {
            while (stopAt.Elapsed < duration)
            {
                var started = Stopwatch.GetTimestamp();
                using var poll = await SendAsync(http, HttpMethod.Post, "/api/v3/worker/task", auth, null);
                pollLatencies.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                if (poll.StatusCode != HttpStatusCode.OK) throw new InvalidOperationException($"poll answered {(int)poll.StatusCode}");
                var task = (await poll.Content.ReadFromJsonAsync<AssignedTask>())!;
                Interlocked.Increment(ref assignments);
                using var done = await SendAsync(http, HttpMethod.Post, $"/api/v3/worker/task/{task.Uuid}", auth, """{"taskStatus":"completed"}""");
                if (done.StatusCode != HttpStatusCode.NoContent) throw new InvalidOperationException($"update answered {(int)done.StatusCode}");
            }
        })));
        var elapsed = stopAt.Elapsed.TotalSeconds;
        managerProcess.Refresh();
        var managerCpu = (managerProcess.TotalProcessorTime - managerCpuBefore).TotalMilliseconds;

        var sorted = pollLatencies.Order().ToList();
        Console.WriteLine($"  {assignments:N0} assignments (each followed by a completion) in {elapsed:F1} s: {assignments / elapsed:F0} assignments/s (target >= 2,000 with 1,000 workers)");
        Console.WriteLine($"  poll latency (POST /api/v3/worker/task over HTTP, answered after its durable commit): p50 {sorted[sorted.Count / 2]:F1} ms, p99 {sorted[sorted.Count * 99 / 100]:F1} ms");
        // Unlike the rate, this hardly depends on what else the machine runs.
        Console.WriteLine($"  Manager CPU time: {managerCpu / assignments:F3} ms per assignment and its completion ({managerCpu / 1000 / elapsed:F2} cores busy on average)");
    }

    /// <summary>
    /// The ceiling of this machine for the same workers: each calls <c>GET /api/v3/worker/state</c> (authenticated,
    /// reads no task, writes nothing) in a loop. An assignment costs two worker requests, so half this rate bounds
    /// the assignment rate whatever the scheduler does.
    /// </summary>
    public static async Task RunCeilingAsync(int workerCount, TimeSpan duration)
    {
        await using var manager = await ManagerProcess.StartAsync(["--Serilog:MinimumLevel:Default", "Warning"]);
        using var handler = new SocketsHttpHandler { MaxConnectionsPerServer = workerCount + 10, PooledConnectionLifetime = Timeout.InfiniteTimeSpan };
        using var http = new HttpClient(handler) { BaseAddress = manager.BaseAddress, Timeout = TimeSpan.FromMinutes(2) };
        var workers = await Task.WhenAll(Enumerable.Range(0, workerCount).Select(i => SignOnAsync(http, $"ceiling-{i}")));
        var requests = 0;
        var stopAt = Stopwatch.StartNew();
        await Task.WhenAll(workers.Select(auth => Task.Run(async () =>
        {
            while (stopAt.Elapsed < duration)
            {
                using var state = await SendAsync(http, HttpMethod.Get, "/api/v3/worker/state", auth, null);
                if (!state.IsSuccessStatusCode) throw new InvalidOperationException($"state answered {(int)state.StatusCode}");
                Interlocked.Increment(ref requests);
            }
        })));
        var elapsed = stopAt.Elapsed.TotalSeconds;
        Console.WriteLine($"HTTP ceiling: {workerCount} workers calling GET /api/v3/worker/state for {elapsed:F1} s: {requests / elapsed:F0} requests/s " +
            $"(an assignment takes 2 requests: at most {requests / elapsed / 2:F0} assignments/s on this machine)");
    }

    private static async Task<AuthenticationHeaderValue> SignOnAsync(HttpClient http, string name)
    {
        var secret = Guid.NewGuid().ToString();
        var registered = await http.PostAsJsonAsync("/api/v3/worker/register-worker", new { secret, platform = "linux", supported_task_types = new[] { "blender" }, name });
        registered.EnsureSuccessStatusCode();
        var worker = (await registered.Content.ReadFromJsonAsync<RegisteredWorker>())!;
        var auth = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{worker.Uuid}:{secret}")));
        (await SendAsync(http, HttpMethod.Post, "/api/v3/worker/sign-on", auth, $$"""{"name":"{{name}}","supported_task_types":["blender"],"software_version":"load"}""")).EnsureSuccessStatusCode();
        (await SendAsync(http, HttpMethod.Post, "/api/v3/worker/state-changed", auth, """{"status":"awake"}""")).EnsureSuccessStatusCode();
        return auth;
    }

    private static Task<HttpResponseMessage> SendAsync(HttpClient http, HttpMethod method, string path, AuthenticationHeaderValue auth, string? json)
    {
        var request = new HttpRequestMessage(method, path) { Headers = { Authorization = auth } };
        if (json is not null) request.Content = new StringContent(json, Encoding.UTF8, "application/json");
        return http.SendAsync(request);
    }
}
