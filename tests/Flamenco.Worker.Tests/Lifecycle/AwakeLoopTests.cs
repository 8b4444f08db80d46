using System.Net;
using Flamenco.Api;
using Flamenco.Worker.Tests.Support;

namespace Flamenco.Worker.Tests.Lifecycle;

public sealed class AwakeLoopTests : IDisposable
{
    private const string FetchPath = "/api/v3/worker/task";
    private readonly WorkerRig _rig = new();
    private readonly DateTimeOffset _start;

    public AwakeLoopTests()
    {
        _start = _rig.Time.GetUtcNow();
        _rig.Manager.On("POST", WorkerRig.TaskUpdatePath, HttpStatusCode.NoContent);
    }

    public void Dispose() => _rig.Dispose();

    [Fact]
    public async Task RunAsync_FetchAnswers_SetTheNextWait()
    {
        var answers = new Queue<Func<HttpResponseMessage>>([
            () => FakeManager.Reply(HttpStatusCode.NoContent),
            () => FakeManager.Reply(HttpStatusCode.NoContent),
            () => FakeManager.Reply(HttpStatusCode.InternalServerError, """{"code":500,"message":"boom"}"""),
            FakeManager.Unreachable,
            () => FakeManager.Reply(HttpStatusCode.ServiceUnavailable),
            () => FakeManager.Reply(HttpStatusCode.Locked, WorkerParts.StatusRequested("asleep")),
        ]);
        _rig.Manager.On("POST", FetchPath, _ => answers.Dequeue()());

        var running = _rig.Awake.RunAsync(CancellationToken.None);
        // Small steps: on a busy machine the worker may reach its next wait a few steps late, and each step late
        // shifts every later request by a step (LateBy allows 15 of them).
        await _rig.Time.AdvanceUntilAsync(() => running.IsCompleted, TimeSpan.FromMilliseconds(100), TimeSpan.FromMinutes(5));

        Assert.Equal(WorkerStatus.Asleep, await running);
        var times = FetchTimes();
        Assert.Equal(6, times.Count);
        Assert.InRange(times[0], 2.7 - Rounding, 3.3 + LateBy);
        AssertGap(times, 1, 18, 22);
        AssertGap(times, 2, 18, 22);
        // Failures back off from a second, doubling: 500, no answer, 503.
        AssertGap(times, 3, 0.9, 1.1);
        AssertGap(times, 4, 1.8, 2.2);
        AssertGap(times, 5, 3.6, 4.4);
    }

    [Fact]
    public async Task RunAsync_ManagerBackAfterAnOutage_DeliversTheQueueAndTakesWorkWithinTheCap()
    {
        _rig.Queue.Enqueue(WorkerRig.TaskId, """{"taskStatus":"completed","activity":"Completed"}""", _start);
        var back = _start + TimeSpan.FromMinutes(3);
        _rig.Manager.On("POST", WorkerRig.TaskUpdatePath, _ => _rig.Time.GetUtcNow() < back ? FakeManager.Unreachable() : FakeManager.Reply(HttpStatusCode.NoContent));
        _rig.Manager.On("POST", FetchPath, HttpStatusCode.Locked, WorkerParts.StatusRequested("asleep"));

        var running = _rig.Awake.RunAsync(CancellationToken.None);
        await _rig.Time.AdvanceUntilAsync(() => running.IsCompleted, TimeSpan.FromMilliseconds(100), TimeSpan.FromMinutes(5));

        Assert.Equal(WorkerStatus.Asleep, await running);
        var fetchedAt = _rig.Manager.To(FetchPath).Single().At;
        var deliveredAt = _rig.Manager.To(WorkerRig.TaskUpdatePath).Last().At;
        // The first try after the Manager is back comes at most the cap (30 s, +10% jitter) later, and asks for work at once.
        Assert.InRange((deliveredAt - back).TotalSeconds, 0, 33 + LateBy);
        Assert.Equal(deliveredAt, fetchedAt);
    }

    [Fact]
    public async Task RunAsync_TaskAssigned_RunsItThenAsksAgainAboutFiveSecondsLater()
    {
        _rig.AddCommand("echo", async (_, context, ct) => await context.Listener.LogAsync("echo: \"hello\"", ct));
        var fetches = 0;
        _rig.Manager.On("POST", FetchPath, _ => ++fetches == 1
            ? FakeManager.Reply(HttpStatusCode.OK, WorkerRig.AssignedTaskJson(("echo", 0)))
            : FakeManager.Reply(HttpStatusCode.Locked, WorkerParts.StatusRequested("offline")));

        var running = _rig.Awake.RunAsync(CancellationToken.None);
        await _rig.Time.AdvanceUntilAsync(() => running.IsCompleted, TimeSpan.FromMilliseconds(100), TimeSpan.FromMinutes(1));

        Assert.Equal(WorkerStatus.Offline, await running);
        Assert.Equal([
            """{"taskStatus":"active","activity":"Started"}""",
            """{"log":"echo: \"hello\""}""",
            """{"activity":"Progress","steps_completed":1}""",
            """{"taskStatus":"completed","activity":"Completed"}""",
        ], _rig.TaskUpdates);
        AssertGap(FetchTimes(), 1, 2 + 2.7, 2 + 3.3);
    }

    [Fact]
    public async Task RunAsync_UpdatesStillQueued_DeliversThemBeforeAskingForWork()
    {
        _rig.Queue.Enqueue(WorkerRig.TaskId, """{"taskStatus":"completed","activity":"Completed"}""", _start);
        _rig.Manager.On("POST", FetchPath, HttpStatusCode.Locked, WorkerParts.StatusRequested("asleep"));

        var running = _rig.Awake.RunAsync(CancellationToken.None);
        await _rig.Time.AdvanceUntilAsync(() => running.IsCompleted, TimeSpan.FromMilliseconds(100), TimeSpan.FromMinutes(1));

        Assert.Equal([WorkerRig.TaskUpdatePath, FetchPath], _rig.Manager.Requests.Select(r => r.Path));
        Assert.Equal(0, _rig.Upstream.QueuedCount);
    }

    [Fact]
    public async Task RunAsync_QueuedUpdatesCannotBeDelivered_AsksForNoWork()
    {
        _rig.Queue.Enqueue(WorkerRig.TaskId, """{"log":"waiting"}""", _start);
        _rig.Manager.On("POST", WorkerRig.TaskUpdatePath, _ => FakeManager.Unreachable());
        using var stop = new CancellationTokenSource();

        var running = _rig.Awake.RunAsync(stop.Token);
        await _rig.Time.AdvanceUntilAsync(() => _rig.Manager.To(WorkerRig.TaskUpdatePath).Count() == 3, TimeSpan.FromMilliseconds(500), TimeSpan.FromMinutes(3));
        await stop.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => running);
        Assert.Empty(_rig.Manager.To(FetchPath));
        Assert.Equal(1, _rig.Upstream.QueuedCount);
    }

    [Fact]
    public async Task RunAsync_ManagerNoLongerSeesTheWorkerAwake_SignsOnAgainAndFollowsTheAnswer()
    {
        new CredentialsFileFixture(_rig).SaveCredentials();
        _rig.Manager.On("POST", FetchPath, HttpStatusCode.Conflict, """{"code":409,"message":"worker is in state \"error\", requires state \"awake\" to execute tasks"}""");
        _rig.Manager.On("POST", "/api/v3/worker/sign-on", HttpStatusCode.OK, WorkerParts.StatusRequested("awake"));

        var running = _rig.Awake.RunAsync(CancellationToken.None);
        await _rig.Time.AdvanceUntilAsync(() => running.IsCompleted, TimeSpan.FromMilliseconds(100), TimeSpan.FromMinutes(1));

        Assert.Equal(WorkerStatus.Awake, await running);
        Assert.Equal([FetchPath, "/api/v3/worker/sign-on"], _rig.Manager.Requests.Select(r => r.Path));
    }

    private List<double> FetchTimes() => [.. _rig.Manager.To(FetchPath).Select(r => (r.At - _start).TotalSeconds)];

    /// <summary>How much later than its wait the worker may notice the fake clock passed it: a clock step, and more on a busy machine.</summary>
    private const double LateBy = 1.5;

    /// <summary>Fake-clock times are sums of 0.1 s steps, which doubles hold only to about 1e-15.</summary>
    private const double Rounding = 1e-9;

    /// <summary>A wait never ends early; the next request may come a little late (<see cref="LateBy"/>).</summary>
    private static void AssertGap(List<double> times, int index, double min, double max) =>
        Assert.InRange(times[index] - times[index - 1], min - Rounding, max + LateBy);
}
