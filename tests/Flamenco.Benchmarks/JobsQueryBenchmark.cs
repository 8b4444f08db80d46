using System.Diagnostics;
using System.Text.Json;
using Flamenco.Api;
using Flamenco.Manager.Jobs;
using Flamenco.Manager.Persistence;
using Job = Flamenco.Manager.Jobs.Job;

namespace Flamenco.Benchmarks;

/// <summary>
/// The jobs query (in process, real LiteDB file) with many stored jobs: a page of the newest, the API guide's
/// "last five failed", a metadata filter, and an order without an index, each timed over repeated runs.
/// </summary>
internal static class JobsQueryBenchmark
{
    private const int Runs = 200;

    public static void Run(int storedJobs)
    {
        var path = Path.Combine(Path.GetTempPath(), $"flamenco-bench-query-{Guid.NewGuid()}.db");
        try
        {
            using var database = new FlamencoDatabase(path);
            var store = new LiteDbJobStore(database);
            var stopwatch = Stopwatch.StartNew();
            Fill(database, store, storedJobs);
            Console.WriteLine($"Jobs query with {storedJobs:N0} stored jobs ({Environment.ProcessorCount} cores); filled in {stopwatch.Elapsed.TotalSeconds:F1} s; {Runs} runs each");

            Time(store, "newest 50 (order_by -updated, limit 50)", new JobSearch(orderBy: [new(JobSortField.Updated, true)], limit: 50));
            Time(store, "the guide's: failed, order_by updated_at, limit 5", new JobSearch([JobStatus.Failed], orderBy: [new(JobSortField.Updated, false)], limit: 5));
            Time(store, "a status no job has (paused), order_by -updated, limit 5", new JobSearch([JobStatus.Paused], orderBy: [new(JobSortField.Updated, true)], limit: 5));
            Time(store, "page 100 of 50 by priority", new JobSearch(orderBy: [new(JobSortField.Priority, true)], offset: 5_000, limit: 50));
            Time(store, "metadata project=Sprite% , limit 20", new JobSearch(metadata: new Dictionary<string, string> { ["project"] = "Sprite%" }, orderBy: [new(JobSortField.Created, true)], limit: 20));
            Time(store, "active jobs, all (status index)", new JobSearch([JobStatus.Active]), runs: 20);
            Time(store, "order_by name (no index), limit 50", new JobSearch(orderBy: [new(JobSortField.Name, false)], limit: 50), runs: 5);
        }
        finally
        {
            foreach (var file in Directory.GetFiles(Path.GetDirectoryName(path)!, Path.GetFileNameWithoutExtension(path) + "*")) File.Delete(file);
        }
    }

    private static void Fill(FlamencoDatabase database, LiteDbJobStore store, int count)
    {
        var random = new Random(7);
        var start = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
        var statuses = new[] { JobStatus.Completed, JobStatus.Completed, JobStatus.Completed, JobStatus.Canceled, JobStatus.Failed, JobStatus.Queued, JobStatus.Active };
        var projects = new[] { "Sprite Fright", "Spring", "Charge", "Wing It" };
        for (var i = 0; i < count; i++)
        {
            var created = start.AddMinutes(i);
            store.Add(new Job
            {
                Id = Guid.CreateVersion7(),
                Name = $"shot {random.Next(10_000):D4}",
                Type = "simple-blender-render",
                Priority = random.Next(101),
                Status = statuses[random.Next(statuses.Length)],
                Created = created,
                Updated = created.AddMinutes(random.Next(600)),
                SubmitterPlatform = "linux",
                Metadata = new() { ["project"] = projects[random.Next(projects.Length)], ["user.name"] = "artist" },
                SettingsJson = JsonSerializer.Serialize(new { frames = "1-250", chunk_size = 10, format = "PNG" }),
            }, []);
        }
        database.WhenDurableAsync().GetAwaiter().GetResult();
    }

    private static void Time(LiteDbJobStore store, string label, JobSearch search, int runs = Runs)
    {
        var times = new List<double>();
        var found = 0;
        for (var i = 0; i < runs; i++)
        {
            var stopwatch = Stopwatch.StartNew();
            found = store.Search(search).Count;
            times.Add(stopwatch.Elapsed.TotalMilliseconds);
        }
        times.Sort();
        Console.WriteLine($"  {label}: {found} jobs; p50 {times[times.Count / 2]:F2} ms, p99 {times[Math.Min(times.Count - 1, times.Count * 99 / 100)]:F2} ms");
    }
}
