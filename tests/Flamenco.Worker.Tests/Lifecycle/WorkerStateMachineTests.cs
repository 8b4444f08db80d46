using System.Net;
using Flamenco.Api;
using Flamenco.Worker.Tests.Support;

namespace Flamenco.Worker.Tests.Lifecycle;

public sealed class WorkerStateMachineTests : IDisposable
{
    private readonly WorkerRig _rig = new();

    public WorkerStateMachineTests() => _rig.Manager.On("POST", "/api/v3/worker/state-changed", HttpStatusCode.NoContent);

    public void Dispose() => _rig.Dispose();

    [Fact]
    public async Task RunAsync_Asleep_AcknowledgesAndPollsEveryThreeSecondsUntilWoken()
    {
        var polls = 0;
        _rig.Manager.On("GET", "/api/v3/worker/state", _ => ++polls < 3
            ? FakeManager.Reply(HttpStatusCode.NoContent)
            : FakeManager.Reply(HttpStatusCode.OK, WorkerParts.StatusRequested("awake")));
        _rig.Manager.On("POST", "/api/v3/worker/task", HttpStatusCode.Locked, WorkerParts.StatusRequested("offline"));
        var start = _rig.Time.GetUtcNow();

        var running = _rig.States.RunAsync(WorkerStatus.Asleep, CancellationToken.None);
        await _rig.Time.AdvanceUntilAsync(() => running.IsCompleted, TimeSpan.FromMilliseconds(250), TimeSpan.FromMinutes(1));

        Assert.Equal(WorkerStatus.Offline, await running);
        Assert.Equal([
            "POST /api/v3/worker/state-changed {\"status\":\"asleep\"}",
            "GET /api/v3/worker/state ",
            "GET /api/v3/worker/state ",
            "GET /api/v3/worker/state ",
            "POST /api/v3/worker/state-changed {\"status\":\"awake\"}",
            "POST /api/v3/worker/task ",
        ], _rig.Manager.Requests.Select(r => $"{r.Method} {r.Path} {r.Body}"));
        Clock.AssertSecondsAfter(start, _rig.Manager.To("/api/v3/worker/state"), [3, 6, 9], lateBy: 3);
    }

    [Theory]
    [InlineData(WorkerStatus.Offline)]
    [InlineData(WorkerStatus.Restart)]
    public async Task RunAsync_ShutdownRequested_EndsWithoutAcknowledging(WorkerStatus requested)
    {
        var last = await _rig.States.RunAsync(requested, CancellationToken.None);

        Assert.Equal(requested, last);
        Assert.Empty(_rig.Manager.Requests);
    }

    [Fact]
    public async Task RunAsync_StatusAWorkerCannotBeIn_SleepsInstead()
    {
        _rig.Manager.On("GET", "/api/v3/worker/state", HttpStatusCode.OK, WorkerParts.StatusRequested("restart"));

        var running = _rig.States.RunAsync(WorkerStatus.Error, CancellationToken.None);
        await _rig.Time.AdvanceUntilAsync(() => running.IsCompleted, TimeSpan.FromMilliseconds(250), TimeSpan.FromMinutes(1));

        Assert.Equal(WorkerStatus.Restart, await running);
        Assert.Equal("{\"status\":\"asleep\"}", _rig.Manager.To("/api/v3/worker/state-changed").Single().Body);
    }

    [Fact]
    public async Task RunAsync_AcknowledgementFails_GoesOnAnyway()
    {
        _rig.Manager.On("POST", "/api/v3/worker/state-changed", _ => FakeManager.Unreachable());
        _rig.Manager.On("GET", "/api/v3/worker/state", HttpStatusCode.OK, WorkerParts.StatusRequested("offline"));

        var running = _rig.States.RunAsync(WorkerStatus.Asleep, CancellationToken.None);
        await _rig.Time.AdvanceUntilAsync(() => running.IsCompleted, TimeSpan.FromMilliseconds(250), TimeSpan.FromMinutes(1));

        Assert.Equal(WorkerStatus.Offline, await running);
    }
}
