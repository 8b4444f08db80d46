using System.Collections.Concurrent;
using System.Text;
using System.Text.Json;
using Flamenco.Plugins.Commands;
using Flamenco.Worker.Processes;
using Flamenco.Worker.Tasks;
using Flamenco.Worker.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace Flamenco.Worker.Tests.Processes;

/// <summary>
/// The shipped <c>exec</c> command on the Worker's process runner: the task log Flamenco shows (reference §2.9, T26)
/// and its chunks (§3.1: more than 10 KiB, or a line more than 30 s after the last chunk, or the end).
/// </summary>
public sealed class ExecCommandLogTests(ShippedCommands shipped) : IClassFixture<ShippedCommands>, IDisposable
{
    private readonly ConcurrentQueue<string> _chunks = new();
    private readonly string _folder = Directory.CreateTempSubdirectory("flamenco-worker-exec-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public async Task Exec_FailingProgram_LogsTheCommandLineAndOutputThenFailsWithTheExitCode()
    {
        var pidFile = Path.Combine(_folder, "pid");

        var error = await Assert.ThrowsAsync<CommandException>(() => RunExecAsync(["-c", $"echo hi; echo $$ > {pidFile}; exit 3"], TimeProvider.System));

        var pid = File.ReadAllText(pidFile).Trim();
        Assert.Equal("command exited abnormally with code 3", error.Message);
        Assert.Equal([$"going to run:\n\n    /bin/sh -c 'echo hi; echo $$ > {pidFile}; exit 3'\n\npid={pid} > hi\n"], _chunks);
    }

    [Fact]
    public async Task Exec_MoreThanTenKilobytesOfOutput_ComesInChunks()
    {
        await RunExecAsync(["-c", "for i in $(seq 1 300); do printf '%099d\\n' $i; done"], TimeProvider.System);

        var chunks = _chunks.ToList();
        Assert.True(chunks.Count >= 2, $"{chunks.Count} chunks");
        Assert.All(chunks[..^1], c => Assert.True(Encoding.UTF8.GetByteCount(c) > 10 * 1024));
        Assert.Equal(300, string.Concat(chunks).Split('\n').Count(l => l.Contains(" > 0")));
    }

    [Fact]
    public async Task Exec_LineLongAfterTheLastChunk_SendsTheWaitingLinesAtOnce()
    {
        var time = new FakeTimeProvider();
        var flag = Path.Combine(_folder, "go-on");
        var done = Path.Combine(_folder, "done");
        var running = RunExecAsync(["-c", $"echo first; while [ ! -e {flag} ]; do sleep 0.02; done; echo second; while [ ! -e {done} ]; do sleep 0.02; done"], time);

        await Task.Delay(300);
        time.Advance(TimeSpan.FromSeconds(31));
        File.WriteAllText(flag, "");
        await Clock.EventuallyAsync(() => string.Concat(_chunks).Contains(" > second\n"), TimeSpan.FromSeconds(10));
        var sentWhileRunning = _chunks.Count;
        File.WriteAllText(done, "");
        await running;

        var log = string.Concat(_chunks);
        Assert.StartsWith("going to run:", log);
        Assert.Contains(" > first\n", log);
        Assert.EndsWith(" > second\n", log);
        Assert.Equal(sentWhileRunning, _chunks.Count);
    }

    private async Task RunExecAsync(string[] args, TimeProvider time)
    {
        using var commands = shipped.Source.Take();
        var exec = commands.Find("exec")!;
        var parameters = JsonSerializer.SerializeToElement(new { exe = "/bin/sh", args });
        var runner = new ProcessTreeRunner(new OomScoreAdjuster(null, NullLogger<OomScoreAdjuster>.Instance), TimeProvider.System, NullLogger<ProcessTreeRunner>.Instance);
        var context = new TaskCommandContext(new TaskInfo(Guid.NewGuid(), Guid.NewGuid(), "linux"), NullLogger.Instance, new ChunkRecorder(_chunks), runner, time);
        await exec.ExecuteAsync(new CommandInvocation { Name = "exec", Parameters = parameters }, context, CancellationToken.None);
    }

    private sealed class ChunkRecorder(ConcurrentQueue<string> chunks) : ICommandListener
    {
        public ValueTask LogAsync(string text, CancellationToken cancellationToken)
        {
            chunks.Enqueue(text);
            return ValueTask.CompletedTask;
        }

        public ValueTask StepCompletedAsync(CancellationToken cancellationToken) => ValueTask.CompletedTask;

        public ValueTask OutputProducedAsync(string filePath, CancellationToken cancellationToken) => ValueTask.CompletedTask;
    }
}
