using System.Diagnostics;
using Flamenco.Api;
using Flamenco.Manager.Events;
using Flamenco.Manager.Hosting;
using Flamenco.Manager.LocalStorage;
using Flamenco.Manager.TaskLogs;
using Flamenco.Manager.Jobs;
using Flamenco.Manager.Persistence;
using Flamenco.Manager.Scheduling;
using Flamenco.Manager.Workers;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Job = Flamenco.Manager.Jobs.Job;
using TaskStatus = Flamenco.Api.TaskStatus;

namespace Flamenco.Benchmarks;

/// <summary>
/// Poll latency of the scheduler itself (in process, real LiteDB file) with many stored tasks, most of them
/// finished: the cost of a poll must not grow with what the database keeps.
/// </summary>
internal static class SchedulerBenchmark
{
    private const int Polls = 5_000;
    private const int Workers = 100;

    public static void Run(int[] sizes)
    {
        sizes = sizes is [0] ? [10_000, 100_000, 1_000_000] : sizes;
        Console.WriteLine($"Scheduler poll latency, {Environment.ProcessorCount} cores; {Polls} polls by {Workers} workers, each completing its task before polling again");
        RawCommitRate();
        foreach (var stored in sizes) RunOne(stored);
    }

    private static void RawCommitRate()
    {
        var path = Path.Combine(Path.GetTempPath(), $"flamenco-bench-{Guid.NewGuid()}.db");
        using (var database = new FlamencoDatabase(path))
        {
            var store = new LiteDbJobStore(database);
            var job = new Job { Id = Guid.CreateVersion7(), Name = "commit", Status = JobStatus.Queued };
            store.Add(job, []);
            var stopwatch = Stopwatch.StartNew();
            for (var i = 0; i < 500; i++)
            {
                job.Priority = i % 100;
                database.InTransaction(() => database.Jobs.Update(job));
            }
            Console.WriteLine($"  raw LiteDB: one commit per change: {500 / stopwatch.Elapsed.TotalSeconds:F0} commits/s ({stopwatch.Elapsed.TotalMilliseconds / 500:F2} ms each), then one fsync for all: {FsyncMilliseconds(database):F2} ms");

            // What the Manager does instead (write-behind): changes join the next group-sync round, one transaction + one fsync.
            stopwatch.Restart();
            for (var i = 0; i < 500; i++)
            {
                job.Priority = i % 100;
                store.Save(job, []);
            }
            var accepted = stopwatch.Elapsed.TotalMilliseconds;
            Console.WriteLine($"  group commit: 500 changes accepted in {accepted:F2} ms, then written and synced by one round in {FsyncMilliseconds(database):F2} ms");
        }
        Delete(path);
    }

    /// <summary>How long the fsync that makes the commits so far durable takes (GroupSync shares it between requests).</summary>
    private static double FsyncMilliseconds(FlamencoDatabase database)
    {
        var stopwatch = Stopwatch.StartNew();
        database.WhenDurableAsync().GetAwaiter().GetResult();
        return stopwatch.Elapsed.TotalMilliseconds;
    }

    private static void RunOne(int storedTasks)
    {
        var path = Path.Combine(Path.GetTempPath(), $"flamenco-bench-{Guid.NewGuid()}.db");
        using (var database = new FlamencoDatabase(path))
        {
            var fill = Stopwatch.StartNew();
            var disk = new LiteDbJobStore(database);
            const int perJob = 10_000;
            for (var done = 0; done < storedTasks - perJob; done += perJob) disk.Add(NewJob(JobStatus.Completed, TaskStatus.Completed, perJob, out var tasks), tasks);
            disk.Add(NewJob(JobStatus.Queued, TaskStatus.Queued, perJob, out var queued), queued);
            var workerStore = new LiteDbWorkerStore(database);
            var workers = Enumerable.Range(0, Workers).Select(i => new Worker
            {
                Id = Guid.CreateVersion7(), Name = $"w{i}", Status = WorkerStatus.Awake, SupportedTaskTypes = ["blender"],
            }).ToList();
            workers.ForEach(workerStore.Add);
            fill.Stop();

            var store = disk;
            var scheduling = new SchedulingState(store);
            var machine = new JobStateMachine(TimeProvider.System);
            var options = Substitute(new ManagerOptions());
            var events = new JobEvents(new EventBus(NullLogger<EventBus>.Instance));
            var logs = new TaskLogStore(new ManagerLocalStorage(Path.Combine(Path.GetTempPath(), $"flamenco-bench-logs-{Guid.NewGuid()}")), new EventBus(NullLogger<EventBus>.Instance), TimeProvider.System);
            using var taskLogger = new TaskLogger(logs, TimeProvider.System, NullLogger<TaskLogger>.Instance);
            var dispatcher = new TaskDispatcher(store, workerStore, machine, scheduling, events, taskLogger, options, TimeProvider.System, NullLogger<TaskDispatcher>.Instance);
            var build = Stopwatch.StartNew();
            lock (scheduling.Lock) _ = scheduling.Index.RunnableCount;
            build.Stop();

            // The search is what upstream pays for every stored task; the whole poll adds the assignment, whose write joins
            // the next group-sync round (shared by concurrent requests; the load benchmark measures it over HTTP).
            var searchTimes = new List<double>(Polls);
            var pollTimes = new List<double>(Polls);
            for (var i = 0; i < Polls; i++)
            {
                var worker = workers[i % Workers];
                var stopwatch = Stopwatch.StartNew();
                lock (scheduling.Lock) _ = scheduling.Index.FindFor(worker) ?? throw new InvalidOperationException("nothing runnable");
                searchTimes.Add(stopwatch.Elapsed.TotalMilliseconds);
                stopwatch.Restart();
                var assigned = dispatcher.Schedule(worker) ?? throw new InvalidOperationException("nothing scheduled");
                pollTimes.Add(stopwatch.Elapsed.TotalMilliseconds);
                dispatcher.Update(worker, assigned.Task.Id, new TaskUpdate { TaskStatus = TaskStatus.Completed });
            }

            Console.WriteLine($"  {storedTasks,9:N0} tasks stored ({storedTasks - perJob:N0} finished; fill {fill.Elapsed.TotalSeconds:F1} s, index build {build.Elapsed.TotalMilliseconds:F0} ms): " +
                $"search p50 {Percentile(searchTimes, 50):F3} ms, p99 {Percentile(searchTimes, 99):F3} ms; " +
                $"whole poll (write to the next group commit) p50 {Percentile(pollTimes, 50):F2} ms, p99 {Percentile(pollTimes, 99):F2} ms");
        }
        Delete(path);
    }

    private static Job NewJob(JobStatus status, TaskStatus taskStatus, int count, out List<JobTask> tasks)
    {
        var created = TimeProvider.System.GetUtcNow();
        var job = new Job { Id = Guid.CreateVersion7(), Name = "bench", Type = "bench", Priority = 50, Status = status, Created = created, Updated = created };
        tasks = Enumerable.Range(1, count).Select(i => new JobTask
        {
            Id = Guid.CreateVersion7(), JobId = job.Id, Name = $"render-{i}", Type = "blender", IndexInJob = i, Priority = 50,
            Status = taskStatus, Created = created, Updated = created, StepsTotal = 1, StepsCompleted = taskStatus == TaskStatus.Completed ? 1 : 0,
            CommandsJson = """[{"name":"blender-render","parameters":{"exe":"{blender}","args":["--render-frame","1"]},"total_step_count":1}]""",
        }).ToList();
        job.TaskCounts = TaskStatusCounts.Of(tasks);
        job.StepsTotal = count;
        return job;
    }

    private static IOptionsMonitor<ManagerOptions> Substitute(ManagerOptions value) => new FixedOptions(value);

    private sealed class FixedOptions(ManagerOptions value) : IOptionsMonitor<ManagerOptions>
    {
        public ManagerOptions CurrentValue => value;

        public ManagerOptions Get(string? name) => value;

        public IDisposable? OnChange(Action<ManagerOptions, string?> listener) => null;
    }

    private static double Percentile(List<double> values, int percentile)
    {
        var sorted = values.Order().ToList();
        return sorted[Math.Min(sorted.Count - 1, sorted.Count * percentile / 100)];
    }

    private static void Delete(string path)
    {
        foreach (var file in new[] { path, path + ".lock", path.Replace(".db", "-log.db", StringComparison.Ordinal) }) File.Delete(file);
    }
}
