using System.Collections.Concurrent;
using Flamenco.Plugins.Commands;
using Flamenco.Worker.Processes;
using Flamenco.Worker.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;

namespace Flamenco.Worker.Tests.Processes;

public sealed class ProcessTreeRunnerTests
{
    private readonly ConcurrentQueue<string> _lines = new();

    [Fact]
    public async Task RunAsync_Program_ReportsItsPidThenEveryLineOfBothStreamsAndReturnsTheExitCode()
    {
        var startedPid = 0;
        var spec = Shell("echo to-stdout; echo to-stderr >&2; exit 3") with
        {
            OnStarted = pid =>
            {
                startedPid = pid;
                Assert.Empty(_lines);
                return ValueTask.CompletedTask;
            },
        };

        var exitCode = await Runner().RunAsync(spec, CancellationToken.None);

        Assert.Equal(3, exitCode);
        Assert.NotEqual(0, startedPid);
        Assert.Equal(["to-stderr", "to-stdout"], _lines.Order());
    }

    [Fact]
    public async Task RunAsync_ProgramReadingInput_GetsEndOfFile()
    {
        var exitCode = await Runner().RunAsync(Shell("read answer; echo \"got '$answer'\""), CancellationToken.None);

        Assert.Equal(0, exitCode);
        Assert.Equal(["got ''"], _lines);
    }

    [Fact]
    public async Task RunAsync_WorkingDirectory_IsUsed()
    {
        var folder = Directory.CreateTempSubdirectory("flamenco-worker-cwd-").FullName;

        await Runner().RunAsync(Shell("pwd") with { WorkingDirectory = folder }, CancellationToken.None);

        Assert.Equal([folder], _lines);
        Directory.Delete(folder);
    }

    [Fact]
    public async Task RunAsync_MissingProgram_FailsTheCommandWithTheReason()
    {
        var error = await Assert.ThrowsAsync<CommandException>(() =>
            Runner().RunAsync(new ProcessSpec { FileName = "no-such-program-flamenco" }, CancellationToken.None));

        Assert.Equal("cannot run \"no-such-program-flamenco\": No such file or directory", error.Message);
    }

    [Fact]
    public async Task RunAsync_Cancelled_KillsTheWholeProcessTree()
    {
        var pids = new ConcurrentBag<int>();
        var spec = Support.Processes.TreeOfFour(pids);
        using var cancel = new CancellationTokenSource();

        var running = Runner().RunAsync(spec, cancel.Token);
        await Clock.EventuallyAsync(() => pids.Count == 4);
        Assert.All(pids, pid => Assert.True(Support.Processes.IsAlive(pid)));
        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => running).WaitAsync(TimeSpan.FromSeconds(10));
        await Clock.EventuallyAsync(() => pids.All(pid => !Support.Processes.IsAlive(pid)), TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task RunAsync_ProgramLeavesABackgroundProcessHoldingItsOutput_ReturnsAnyway()
    {
        var leftover = 0;
        var spec = Shell("sleep 300 & echo \"pid $!\"") with
        {
            OnOutputLine = line =>
            {
                leftover = int.Parse(line[4..]);
                return ValueTask.CompletedTask;
            },
        };

        try
        {
            var exitCode = await Runner(leftoverOutputWait: TimeSpan.FromMilliseconds(300)).RunAsync(spec, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(10));

            Assert.Equal(0, exitCode);
        }
        finally
        {
            Support.Processes.Kill(leftover);
        }
    }

    [Fact]
    public async Task RunAsync_LineHandlerThrows_KeepsDrainingAndThrowsAfterTheExit()
    {
        var handled = 0;
        var spec = Shell("for i in $(seq 1 20000); do echo line $i; done") with
        {
            OnOutputLine = _ => ++handled == 2 ? throw new InvalidOperationException("handler broke") : ValueTask.CompletedTask,
        };

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => Runner().RunAsync(spec, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(30)));

        Assert.Equal("handler broke", error.Message);
        Assert.Equal(2, handled);
    }

    [Fact]
    public async Task RunAsync_OomScoreConfigured_GivesItToTheProgramButNotToTheWorker()
    {
        var workerScore = File.ReadAllText("/proc/self/oom_score_adj").Trim();
        var runner = new ProcessTreeRunner(new OomScoreAdjuster(734, NullLogger<OomScoreAdjuster>.Instance), TimeProvider.System, NullLogger<ProcessTreeRunner>.Instance);

        await runner.RunAsync(Shell("sleep 0.5; cat /proc/self/oom_score_adj"), CancellationToken.None);

        Assert.Equal(["734"], _lines);
        Assert.Equal(workerScore, File.ReadAllText("/proc/self/oom_score_adj").Trim());
    }

    private ProcessSpec Shell(string script) => new()
    {
        FileName = "/bin/sh",
        Arguments = ["-c", script],
        OnOutputLine = line =>
        {
            _lines.Enqueue(line);
            return ValueTask.CompletedTask;
        },
    };

    private static ProcessTreeRunner Runner(TimeSpan? leftoverOutputWait = null) =>
        new(new OomScoreAdjuster(null, NullLogger<OomScoreAdjuster>.Instance), TimeProvider.System, NullLogger<ProcessTreeRunner>.Instance)
        {
            LeftoverOutputWait = leftoverOutputWait ?? TimeSpan.FromSeconds(5),
        };
}
