using System.Collections.Concurrent;
using System.Net;
using Flamenco.Plugins.Commands;
using Flamenco.Worker.Tasks;
using Flamenco.Worker.Tests.Support;

namespace Flamenco.Worker.Tests.Tasks;

public sealed class TaskExecutorTests : IDisposable
{
    private const string Started = """{"taskStatus":"active","activity":"Started"}""";
    private const string Completed = """{"taskStatus":"completed","activity":"Completed"}""";
    private readonly WorkerRig _rig = new();
    private readonly ConcurrentQueue<string> _events = new();

    public TaskExecutorTests() =>
        _rig.Manager.On("POST", WorkerRig.TaskUpdatePath, r =>
        {
            _events.Enqueue(r.Body);
            return FakeManager.Reply(HttpStatusCode.NoContent);
        });

    public void Dispose() => _rig.Dispose();

    [Fact]
    public async Task ExecuteAsync_Commands_RunInOrderWithAStepForThoseWithoutStepsOfTheirOwn()
    {
        AddRecordingCommand("cmd1");
        AddRecordingCommand("cmd2");

        var outcome = await _rig.Executor.ExecuteAsync(WorkerRig.Task(("cmd1", 0), ("cmd2", 3)), CancellationToken.None);

        Assert.Equal(TaskOutcome.Completed, outcome);
        Assert.Equal([Started, "run cmd1", """{"activity":"Progress","steps_completed":1}""", "run cmd2", Completed], _events);
    }

    [Fact]
    public async Task ExecuteAsync_CommandReportingSteps_CountsFromOneAndSendsNoExtraStep()
    {
        _rig.AddCommand("render", async (_, context, ct) =>
        {
            for (var frame = 0; frame < 3; frame++) await context.Listener.StepCompletedAsync(ct);
            await context.Listener.LogAsync("rendered", ct);
        });

        await _rig.Executor.ExecuteAsync(WorkerRig.Task(("render", 3)), CancellationToken.None);

        Assert.Equal([
            Started,
            """{"activity":"Progress","steps_completed":1}""",
            """{"activity":"Progress","steps_completed":2}""",
            """{"activity":"Progress","steps_completed":3}""",
            """{"log":"rendered"}""",
            Completed,
        ], _events);
    }

    [Fact]
    public async Task ExecuteAsync_FirstCommandFails_ReportsTheReasonAndRunsNoMore()
    {
        _rig.AddCommand("broken", (_, _, _) => throw new CommandException("command exited abnormally with code 3"));
        AddRecordingCommand("cmd2");
        AddRecordingCommand("cmd3");

        var outcome = await _rig.Executor.ExecuteAsync(WorkerRig.Task(("broken", 0), ("cmd2", 0), ("cmd3", 0)), CancellationToken.None);

        Assert.Equal(TaskOutcome.Failed, outcome);
        Assert.Equal([
            Started,
            """{"taskStatus":"failed","activity":"Failed: command exited abnormally with code 3","log":"Failed: command exited abnormally with code 3"}""",
        ], _events);
    }

    [Fact]
    public async Task ExecuteAsync_UnknownCommand_FailsTheTaskSayingWhich()
    {
        var outcome = await _rig.Executor.ExecuteAsync(WorkerRig.Task(("create-video", 0)), CancellationToken.None);

        Assert.Equal(TaskOutcome.Failed, outcome);
        Assert.Contains("""
            "activity":"Failed: unknown command: \"create-video\""
            """.Trim(), _events.Last());
    }

    [Fact]
    public async Task ExecuteAsync_ReassignedAtStart_RunsNothingAndSendsNothingMore()
    {
        _rig.Manager.On("POST", WorkerRig.TaskUpdatePath, HttpStatusCode.Conflict, """{"code":409,"message":"task is not assigned to you"}""");
        AddRecordingCommand("cmd1");

        var outcome = await _rig.Executor.ExecuteAsync(WorkerRig.Task(("cmd1", 0)), CancellationToken.None);

        Assert.Equal(TaskOutcome.Reassigned, outcome);
        Assert.Empty(_events);
        Assert.Single(_rig.TaskUpdates);
    }

    [Fact]
    public async Task ExecuteAsync_ReassignedWhileRunning_StopsWithoutReportingFailure()
    {
        _rig.AddCommand("logs", async (_, context, ct) => await context.Listener.LogAsync("line", ct));
        AddRecordingCommand("cmd2");
        _rig.Manager.On(r => r.Path == WorkerRig.TaskUpdatePath && r.Body.Contains("\"log\"")
            ? FakeManager.Reply(HttpStatusCode.Conflict, """{"code":409,"message":"task is not assigned to you"}""")
            : null);

        var outcome = await _rig.Executor.ExecuteAsync(WorkerRig.Task(("logs", 0), ("cmd2", 0)), CancellationToken.None);

        Assert.Equal(TaskOutcome.Reassigned, outcome);
        Assert.Equal([Started], _events);
    }

    [Fact]
    public async Task ExecuteAsync_Cancelled_EndsTheTaskWithoutReportingAnything()
    {
        var commandRuns = new TaskCompletionSource();
        _rig.AddCommand("sleep", async (_, context, ct) =>
        {
            commandRuns.SetResult();
            await Task.Delay(TimeSpan.FromMinutes(1), context.Time, ct);
        });
        AddRecordingCommand("after");
        using var abort = new CancellationTokenSource();

        var executing = _rig.Executor.ExecuteAsync(WorkerRig.Task(("sleep", 0), ("after", 0)), abort.Token);
        await commandRuns.Task;
        await abort.CancelAsync();

        Assert.Equal(TaskOutcome.Aborted, await executing);
        Assert.Equal([Started], _events);
    }

    [Fact]
    public async Task ExecuteAsync_ManagerUnreachable_RunsTheTaskAndQueuesEveryUpdateInOrder()
    {
        _rig.Manager.On("POST", WorkerRig.TaskUpdatePath, _ => FakeManager.Unreachable());
        _rig.AddCommand("echo", async (_, context, ct) => await context.Listener.LogAsync("echo: \"hello\"", ct));

        var outcome = await _rig.Executor.ExecuteAsync(WorkerRig.Task(("echo", 0)), CancellationToken.None);

        Assert.Equal(TaskOutcome.Completed, outcome);
        Assert.Equal(4, _rig.Upstream.QueuedCount);
        Assert.Single(_rig.TaskUpdates);
    }

    [Fact]
    public async Task ExecuteAsync_CompletedAnswered500_TheTaskCompletesAndTheUpdateWaitsInTheQueue()
    {
        _rig.Manager.On(r => r.Path == WorkerRig.TaskUpdatePath && r.Body == Completed
            ? FakeManager.Reply(HttpStatusCode.InternalServerError, """{"code":500,"message":"internal error"}""")
            : null);
        AddRecordingCommand("cmd");

        var outcome = await _rig.Executor.ExecuteAsync(WorkerRig.Task(("cmd", 0)), CancellationToken.None);

        Assert.Equal(TaskOutcome.Completed, outcome);
        Assert.Equal(Completed, _rig.Queue.Peek()!.Payload);
    }

    [Fact]
    public async Task ExecuteAsync_LogChunkRefused_TheLinesAfterItStillReachTheManager()
    {
        _rig.AddCommand("logs", async (_, context, ct) =>
        {
            await context.Listener.LogAsync("refused", ct);
            await context.Listener.LogAsync("after", ct);
        });
        _rig.Manager.On(r => r.Path == WorkerRig.TaskUpdatePath && r.Body.Contains("refused")
            ? FakeManager.Reply(HttpStatusCode.BadRequest, """{"code":400,"message":"log: not valid"}""")
            : null);

        var outcome = await _rig.Executor.ExecuteAsync(WorkerRig.Task(("logs", 0)), CancellationToken.None);

        Assert.Equal(TaskOutcome.Completed, outcome);
        Assert.Equal([Started, """{"log":"after"}""", """{"activity":"Progress","steps_completed":1}""", Completed], _events);
    }

    [Fact]
    public async Task ExecuteAsync_Context_TellsTheCommandItsTaskAndPlatform()
    {
        TaskInfo? seen = null;
        _rig.AddCommand("look", (invocation, context, _) =>
        {
            seen = context.Task;
            Assert.Equal(("look", 0), (invocation.Name, invocation.Index));
            return Task.CompletedTask;
        });

        await _rig.Executor.ExecuteAsync(WorkerRig.Task(("look", 0)), CancellationToken.None);

        Assert.Equal(new TaskInfo(WorkerRig.TaskId, WorkerRig.JobId, "linux"), seen);
    }

    private void AddRecordingCommand(string name) => _rig.AddCommand(name, (_, _, _) =>
    {
        _events.Enqueue($"run {name}");
        return Task.CompletedTask;
    });
}
