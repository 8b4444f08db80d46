using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Flamenco.Api;
using Flamenco.Manager.Tests.Support;
using Flamenco.Testing;
using Xunit.Abstractions;

namespace Flamenco.Manager.Tests.Process;

/// <summary>
/// Job types after a start: compiled C# job types come from the data folder's cache, so a restarted Manager lists them
/// at once; a job type that is not ready holds up none of the others.
/// </summary>
public sealed class JobTypeStartupTests(ITestOutputHelper output)
{
    /// <summary>
    /// Far beyond what a listing takes (milliseconds): exceeding it means the listing waited for a compile. The figure
    /// itself is printed, not asserted.
    /// </summary>
    private static readonly TimeSpan ListingBound = TimeSpan.FromSeconds(5);

    /// <summary>Compiling every C# job type of a cold Manager on a busy two-core machine.</summary>
    private static readonly TimeSpan ColdCompileLimit = TimeSpan.FromMinutes(4);

    private static readonly string[] CSharpJobTypes = ["echo-sleep-test-cs", "image-sequence-to-video", "mine"];

    private static readonly string[] JavaScriptJobTypes = ["echo-sleep-test", "simple-blender-render"];

    [Fact]
    public async Task Restart_FirstListingHasEveryJobTypeFromTheCache_RecompilesADamagedEntry_AndAnEditGetsANewEntry()
    {
        var workingDirectory = Directory.CreateTempSubdirectory("flamenco-jobtype-cache-").FullName;
        var userJobTypes = Directory.CreateDirectory(Path.Combine(workingDirectory, "flamenco-data", "jobtypes")).FullName;
        var mine = Path.Combine(userJobTypes, "mine.csx");
        await File.WriteAllTextAsync(mine, Mine("Mine v1"));

        // Cold: nothing cached yet, every C# job type compiles.
        var cold = await ManagerProcess.StartAsync(workingDirectory: workingDirectory);
        (TimeSpan Latency, List<string> Names) coldListing;
        List<string> entries;
        try
        {
            coldListing = await FirstListingAsync(cold);
            await Eventually.TrueAsync(async () => CSharpJobTypes.All((await ListAsync(cold)).Contains), "every C# job type compiled", ColdCompileLimit);
            entries = CacheEntries(workingDirectory);
            Assert.Equal(CSharpJobTypes.Length, entries.Count);
        }
        finally
        {
            await cold.KillAsync();
        }

        // Warm: the same job types from the cache.
        var warm = await ManagerProcess.StartAsync(workingDirectory: workingDirectory);
        List<string> afterEdit;
        try
        {
            var (warmLatency, warmNames) = await FirstListingAsync(warm);
            output.WriteLine($"first GET /api/v3/jobs/types after /version answered: cold {coldListing.Latency.TotalMilliseconds:0} ms listing [{string.Join(", ", coldListing.Names)}]; " +
                $"warm {warmLatency.TotalMilliseconds:0} ms listing [{string.Join(", ", warmNames)}]");
            // The Manager listened only once every quick job type was ready: JavaScript ones and C# ones from the cache.
            Assert.Superset(new HashSet<string>([.. CSharpJobTypes, .. JavaScriptJobTypes]), warmNames.ToHashSet());
            Assert.True(warmLatency < ListingBound, $"the first listing after a restart took {warmLatency.TotalMilliseconds:0} ms");
            Assert.Equal(entries, CacheEntries(workingDirectory));

            // An edit compiles into a new entry, which replaces the old version's.
            await File.WriteAllTextAsync(mine, Mine("Mine v2"));
            await Eventually.TrueAsync(async () => await LabelAsync(warm, "mine") == "Mine v2", "the edited job type compiled", ColdCompileLimit);
            afterEdit = CacheEntries(workingDirectory);
            Assert.Equal(CSharpJobTypes.Length, afterEdit.Count);
            Assert.Single(afterEdit.Except(entries));
        }
        finally
        {
            await warm.KillAsync();
        }

        // A damaged entry is noticed, compiled again and rewritten, while the intact ones are listed at once.
        var damaged = afterEdit[0];
        var intact = await File.ReadAllBytesAsync(damaged);
        await File.WriteAllBytesAsync(damaged, intact[..(intact.Length / 2)]);
        await using var repaired = await ManagerProcess.StartAsync(workingDirectory: workingDirectory);
        await Eventually.TrueAsync(async () => CSharpJobTypes.All((await ListAsync(repaired)).Contains), "the damaged job type compiled again", ColdCompileLimit);

        Assert.Equal(intact, await File.ReadAllBytesAsync(damaged));
        Assert.Contains("is damaged; compiling it again", repaired.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_JobTypeThatIsNotReady_ListingAnswersWithTheOthers_AndAddsItOnceReady()
    {
        var workingDirectory = Directory.CreateTempSubdirectory("flamenco-jobtype-slow-").FullName;
        var userJobTypes = Directory.CreateDirectory(Path.Combine(workingDirectory, "flamenco-data", "jobtypes")).FullName;
        var gate = Path.Combine(workingDirectory, "gate");
        // Its top level runs on every load and waits for the gate: a job type that takes as long as the test wants.
        await File.WriteAllTextAsync(Path.Combine(userJobTypes, "slow.csx"), $$"""
            while (!System.IO.File.Exists(@"{{gate}}")) System.Threading.Thread.Sleep(20);
            JobType = new() { Label = "Slow" };
            void CompileJob(Job job) { }
            """);
        await using var manager = await ManagerProcess.StartAsync(["--Plugins:Settings:flamenco.jobcompilers.csharp:TimeoutSeconds", "600"], workingDirectory);

        string[] others = ["echo-sleep-test", "simple-blender-render", "echo-sleep-test-cs", "image-sequence-to-video"];
        await Eventually.TrueAsync(async () => others.All((await ListAsync(manager)).Contains), "the other job types compiled", ColdCompileLimit);
        var stopwatch = Stopwatch.StartNew();
        var whileSlow = await ListAsync(manager);
        var listingTime = stopwatch.Elapsed;
        var slowState = await JobTypeStateAsync(manager, "slow");
        await File.WriteAllTextAsync(gate, "");
        await Eventually.TrueAsync(async () => (await ListAsync(manager)).Contains("slow"), "the slow job type listed once ready", ColdCompileLimit);

        output.WriteLine($"GET /api/v3/jobs/types while a job type is not ready: {listingTime.TotalMilliseconds:0} ms");
        Assert.Superset(others.ToHashSet(), whileSlow.ToHashSet());
        Assert.DoesNotContain("slow", whileSlow);
        Assert.Equal("compiling", slowState);
        Assert.True(listingTime < ListingBound, $"the listing waited {listingTime.TotalMilliseconds:0} ms for a job type that was not ready");
        Assert.Equal("loaded", await JobTypeStateAsync(manager, "slow"));
    }

    /// <summary>The first listing, timed from just after the Manager answered <c>/version</c> on the same connection.</summary>
    private static async Task<(TimeSpan Latency, List<string> Names)> FirstListingAsync(ManagerProcess manager)
    {
        using var client = new HttpClient { BaseAddress = manager.BaseAddress };
        (await client.GetAsync("/api/v3/version")).EnsureSuccessStatusCode();
        var stopwatch = Stopwatch.StartNew();
        var types = await client.GetFromJsonAsync<AvailableJobTypes>("/api/v3/jobs/types", ManagerAppFactory.Json);
        return (stopwatch.Elapsed, [.. types!.JobTypes.Select(t => t.Name)]);
    }

    private static async Task<List<string>> ListAsync(ManagerProcess manager)
    {
        using var client = new HttpClient { BaseAddress = manager.BaseAddress };
        var types = await client.GetFromJsonAsync<AvailableJobTypes>("/api/v3/jobs/types", ManagerAppFactory.Json);
        return [.. types!.JobTypes.Select(t => t.Name)];
    }

    private static async Task<string?> LabelAsync(ManagerProcess manager, string name)
    {
        using var client = new HttpClient { BaseAddress = manager.BaseAddress };
        var types = await client.GetFromJsonAsync<AvailableJobTypes>("/api/v3/jobs/types", ManagerAppFactory.Json);
        return types!.JobTypes.SingleOrDefault(t => t.Name == name)?.Label;
    }

    /// <summary>The job type's state in <c>GET /api/v3/plugins</c>: loaded, failed or compiling.</summary>
    private static async Task<string?> JobTypeStateAsync(ManagerProcess manager, string name)
    {
        using var client = new HttpClient { BaseAddress = manager.BaseAddress };
        var listing = JsonNode.Parse(await client.GetStringAsync("/api/v3/plugins"))!["job_types"]!.AsArray();
        return (string?)listing.SingleOrDefault(t => (string?)t!["name"] == name)?["state"];
    }

    /// <summary>The C# compiler's cache entries in the Manager's data folder (one build's folder, by the compiler's fingerprint).</summary>
    private static List<string> CacheEntries(string workingDirectory)
    {
        var cache = Path.Combine(workingDirectory, "flamenco-data", "cache", "jobtypes", "flamenco.jobcompilers.csharp");
        return Directory.Exists(cache) ? [.. Directory.EnumerateFiles(cache, "*.jobtype", SearchOption.AllDirectories).Order(StringComparer.Ordinal)] : [];
    }

    private static string Mine(string label) => $$"""
        JobType = new() { Label = "{{label}}" };
        void CompileJob(Job job)
        {
            var task = Author.Task("say", "misc");
            task.AddCommand(Author.Command("echo", new { message = "{{label}}" }));
            job.AddTask(task);
        }
        """;
}
