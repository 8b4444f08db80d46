using System.Diagnostics;
using System.Net.Http.Json;
using Flamenco.Testing;

namespace Flamenco.Manager.Tests.Limits;

/// <summary>
/// The runaway frame ranges of issue 10 (point 7) against a real Manager process: once left it at 12.6 GB resident
/// after 99 s; now refused within the compile limit, with the Manager's memory where it was.
/// </summary>
public sealed class RunawayJobProcessTests
{
    [Fact]
    public async Task SubmitJob_RunawayFrameRanges_RefusedWithinTheCompileLimitAndMemoryStaysWithin100MB()
    {
        await using var manager = await ManagerProcess.StartAsync();
        using var client = new HttpClient { BaseAddress = manager.BaseAddress, Timeout = TimeSpan.FromMinutes(2) };
        // Warm up: job types loaded and the submit path compiled, so only the runaway submissions are measured.
        var warmUp = await client.PostAsJsonAsync("/api/v3/jobs/check", TaskLimitTests.BlenderRender("1-10"));
        Assert.True(warmUp.IsSuccessStatusCode, await warmUp.Content.ReadAsStringAsync());
        var before = manager.ResidentBytes();

        foreach (var frames in new[] { "1-60000000", "1-100000000" })
        {
            var stopwatch = Stopwatch.StartNew();
            var response = await client.PostAsJsonAsync("/api/v3/jobs", TaskLimitTests.BlenderRender(frames));
            stopwatch.Stop();

            Assert.Equal(400, (int)response.StatusCode);
            Assert.Contains("max_tasks_per_job", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
            // The compile limit is 10 s; a generous margin for a shared machine.
            Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(15), $"{frames} answered after {stopwatch.Elapsed}");
        }

        var grown = manager.ResidentBytes() - before;
        Assert.True(grown < 100L * 1024 * 1024, $"resident memory grew by {grown / (1024 * 1024)} MB");
    }
}
