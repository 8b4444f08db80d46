using System.Collections.Concurrent;
using System.Net;
using Flamenco.Plugins.Commands;
using Flamenco.Worker.Tasks;
using Flamenco.Worker.Tests.Support;

namespace Flamenco.Worker.Tests.Tasks;

public sealed class TaskRunnerTests : IDisposable
{
    private static readonly string MayIRunPath = $"/api/v3/worker/task/{WorkerRig.TaskId}/may-i-run";
    private readonly WorkerRig _rig = new();

    public TaskRunnerTests() => _rig.Manager.On("POST", WorkerRig.TaskUpdatePath, HttpStatusCode.NoContent);

    public void Dispose() => _rig.Dispose();

    [Fact]
    public async Task RunAsync_ManagerSaysNo_AbortsTheTaskKillingEveryProcessItStarted()
    {
        _rig.Manager.On("GET", MayIRunPath, HttpStatusCode.OK,
            """{"mayKeepRunning":false,"reason":"task is in non-runnable status \"canceled\"","statusChangeRequested":false}""");
        var pids = new ConcurrentBag<int>();
        _rig.AddCommand("exec", async (_, context, ct) =>
        {
            var exitCode = await context.Processes.RunAsync(Support.Processes.TreeOfFour(pids), ct);
            throw new CommandException($"command exited abnormally with code {exitCode}");
        });

        var running = _rig.Runner.RunAsync(WorkerRig.Task(("exec", 0)), CancellationToken.None);
        await Clock.EventuallyAsync(() => pids.Count == 4);
        Assert.All(pids, pid => Assert.True(Support.Processes.IsAlive(pid)));
        _rig.Time.Advance(TimeSpan.FromSeconds(10));

        Assert.Equal(TaskOutcome.Aborted, await running.WaitAsync(TimeSpan.FromSeconds(10)));
        await Clock.EventuallyAsync(() => pids.All(pid => !Support.Processes.IsAlive(pid)), TimeSpan.FromSeconds(5));
        Assert.Single(_rig.Manager.To(MayIRunPath));
        Assert.Equal(["""{"taskStatus":"active","activity":"Started"}"""], _rig.TaskUpdates);
    }

    [Fact]
    public async Task RunAsync_ManagerSaysNoForAStatusChange_AbortsASleepAtTheFirstCheck()
    {
        _rig.Manager.On("GET", MayIRunPath, HttpStatusCode.OK,
            """{"mayKeepRunning":false,"reason":"worker status change requested","statusChangeRequested":true}""");
        _rig.AddCommand("sleep", (_, context, ct) => Task.Delay(TimeSpan.FromSeconds(60), context.Time, ct));

        var running = _rig.Runner.RunAsync(WorkerRig.Task(("sleep", 0)), CancellationToken.None);
        await _rig.Time.AdvanceUntilAsync(() => running.IsCompleted, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(15));

        Assert.Equal(TaskOutcome.Aborted, await running);
        Assert.InRange(_rig.Time.GetUtcNow() - _rig.Manager.To(MayIRunPath).Single().At, TimeSpan.Zero, TimeSpan.FromSeconds(1));
        Assert.Single(_rig.TaskUpdates);
    }

    [Fact]
    public async Task RunAsync_MayIRunFails_KeepsRunningAndAsksEveryTenSeconds()
    {
        _rig.Manager.On("GET", MayIRunPath, HttpStatusCode.InternalServerError, """{"code":500,"message":"boom"}""");
        _rig.AddCommand("sleep", (_, context, ct) => Task.Delay(TimeSpan.FromSeconds(30.5), context.Time, ct));
        var start = _rig.Time.GetUtcNow();

        var running = _rig.Runner.RunAsync(WorkerRig.Task(("sleep", 0)), CancellationToken.None);
        await _rig.Time.AdvanceUntilAsync(() => running.IsCompleted, TimeSpan.FromMilliseconds(500), TimeSpan.FromMinutes(1));

        Assert.Equal(TaskOutcome.Completed, await running);
        Clock.AssertSecondsAfter(start, _rig.Manager.To(MayIRunPath), [10, 20, 30]);
        Assert.EndsWith("""{"taskStatus":"completed","activity":"Completed"}""", _rig.TaskUpdates.Last());
    }

    [Fact]
    public async Task RunAsync_ManagerUnreachableDuringTheTask_KeepsRunning()
    {
        _rig.Manager.On("GET", MayIRunPath, _ => FakeManager.Unreachable());
        _rig.AddCommand("sleep", (_, context, ct) => Task.Delay(TimeSpan.FromSeconds(25), context.Time, ct));

        var running = _rig.Runner.RunAsync(WorkerRig.Task(("sleep", 0)), CancellationToken.None);
        await _rig.Time.AdvanceUntilAsync(() => running.IsCompleted, TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(1));

        Assert.Equal(TaskOutcome.Completed, await running);
        Assert.Equal(2, _rig.Manager.To(MayIRunPath).Count());
    }
}
