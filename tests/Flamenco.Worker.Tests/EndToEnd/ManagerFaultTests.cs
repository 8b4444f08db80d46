using System.Diagnostics;
using System.Text.RegularExpressions;
using Flamenco.Api;
using Flamenco.Testing;
using Flamenco.Worker.Tests.Support;
using Xunit.Abstractions;

namespace Flamenco.Worker.Tests.EndToEnd;

/// <summary>A real Worker behind a proxy that makes its real Manager fail on a schedule: the farm must ride it out.</summary>
public sealed class ManagerFaultTests(ITestOutputHelper output)
{
    private const int Tasks = 4;
    private const int LinesPerTask = 10;

    /// <summary>Tasks of echo commands, each printing a numbered line, so a lost, doubled or reordered line shows.</summary>
    private const string NumberedLinesJobType = """
        const JOB_TYPE = {
            label: "Numbered Lines",
            settings: [
                { key: "tasks", type: "int32", required: true },
                { key: "lines", type: "int32", required: true },
            ],
        };

        function compileJob(job) {
            for (let t = 1; t <= job.settings.tasks; t++) {
                const task = author.Task(`lines-${t}`, "misc");
                for (let l = 1; l <= job.settings.lines; l++) task.addCommand(author.Command("echo", { message: `line ${t}-${l}` }));
                job.addTask(task);
            }
        }
        """;

    [Fact]
    public async Task ManagerFailingOnASchedule_EveryTaskCompletesWithEveryLineInOrderAndTheWorkerNeverExits()
    {
        var managerFolder = Directory.CreateTempSubdirectory("flamenco-manager-").FullName;
        var jobTypes = Directory.CreateDirectory(Path.Combine(managerFolder, "flamenco-data", "jobtypes")).FullName;
        await File.WriteAllTextAsync(Path.Combine(jobTypes, "numbered-lines.js"), NumberedLinesJobType);
        await using var manager = await ManagerProcess.StartAsync(workingDirectory: managerFolder);
        // Stalls outlast the worker's 2 s request limit; the Manager never sees a stalled request.
        await using var proxy = new FaultyProxy(manager.BaseAddress, Schedule, stall: TimeSpan.FromSeconds(3));
        await proxy.StartAsync();
        using var farm = new FarmClient(manager.BaseAddress);
        // Submitted first, so the time measured is the worker's, from its start to the last task, faults and all.
        var jobId = await farm.SubmitAsync("numbered-lines", "faults", new { tasks = Tasks, lines = LinesPerTask });

        var clock = Stopwatch.StartNew();
        await using var worker = WorkerProcess.Start(proxy.BaseAddress, "faulty-worker", ["--request_timeout_seconds", "2"]);
        await farm.WaitUntilCompletedAsync(jobId, TimeSpan.FromMinutes(4), () => EchoSleepJobTests.Diagnostics(manager, worker));
        var took = clock.Elapsed;

        var spoiled = proxy.Spoiled;
        var spoiledUpdates = spoiled.Where(s => s.Method == "POST" && IsTaskUpdate(s.Path)).ToList();
        var droppedLogAnswers = spoiledUpdates.Count(s => s.Fault == ProxyFault.DropAnswer && s.Body.Contains("\"log\"", StringComparison.Ordinal));
        var repeats = 0;
        foreach (var task in await farm.TasksAsync(jobId))
        {
            Assert.Equal(TaskStatus.Completed, task.Status);
            var number = int.Parse(task.Name["lines-".Length..], System.Globalization.CultureInfo.InvariantCulture);
            var lines = Regex.Matches(await farm.LogAsync(task.Id), "echo: \"(line [0-9]+-[0-9]+)\"").Select(m => m.Groups[1].Value).ToList();
            // At least once: an update whose answer was lost is sent again, so its line may follow itself once.
            var collapsed = lines.Where((line, i) => i == 0 || line != lines[i - 1]).ToList();
            Assert.Equal(Enumerable.Range(1, LinesPerTask).Select(l => $"line {number}-{l}"), collapsed);
            repeats += lines.Count - collapsed.Count;
        }
        Assert.InRange(repeats, 0, droppedLogAnswers);
        Assert.False(worker.HasExited, EchoSleepJobTests.Diagnostics(manager, worker));
        Assert.Equal(WorkerStatus.Awake, (await farm.WorkerAsync("faulty-worker"))!.Status);
        // Every kind of fault hit task updates, the requests this is about.
        Assert.All(new[] { ProxyFault.Answer500, ProxyFault.Answer503, ProxyFault.DropAnswer },
            fault => Assert.Contains(spoiledUpdates, s => s.Fault == fault));
        Assert.Contains(spoiled, s => s.Fault == ProxyFault.Stall);
        output.WriteLine($"{Tasks * LinesPerTask} lines in {Tasks} tasks done {took.TotalSeconds:0.0} s after the worker started, through {proxy.RequestCount} requests, " +
            $"{spoiled.Count} spoiled ({spoiledUpdates.Count} task updates: {string.Join(", ", spoiledUpdates.GroupBy(s => s.Fault).Select(g => $"{g.Count()} {g.Key}"))}; " +
            $"{spoiled.Count(s => s.Fault == ProxyFault.Stall)} stalls), {repeats} lines repeated after {droppedLogAnswers} lost answers to log updates");
    }

    /// <summary>About a third of all requests fail: every tenth from the 2nd answers 500, from the 5th loses its answer, from the 8th answers 503; every 23rd stalls.</summary>
    private static ProxyFault Schedule(int number) =>
        number % 23 == 0 ? ProxyFault.Stall
        : (number % 10) switch
        {
            2 => ProxyFault.Answer500,
            5 => ProxyFault.DropAnswer,
            8 => ProxyFault.Answer503,
            _ => ProxyFault.None,
        };

    private static bool IsTaskUpdate(string path) =>
        path.StartsWith("/api/v3/worker/task/", StringComparison.Ordinal) && Guid.TryParse(path["/api/v3/worker/task/".Length..], out _);
}
