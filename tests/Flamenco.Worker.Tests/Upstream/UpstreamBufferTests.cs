using System.Net;
using Flamenco.Api;
using Flamenco.Worker.Tests.Support;
using Flamenco.Worker.Upstream;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace Flamenco.Worker.Tests.Upstream;

public sealed class UpstreamBufferTests : IDisposable
{
    private static readonly Guid TaskId = Guid.Parse("1d54c6fe-1242-4c8f-bd63-5a09e358d7b6");
    private static readonly string TaskPath = $"/api/v3/worker/task/{TaskId}";
    private readonly string _folder = Directory.CreateTempSubdirectory("flamenco-worker-buffer-").FullName;
    private readonly FakeTimeProvider _time = new();
    private readonly FakeManager _manager;
    private bool _managerUp;

    public UpstreamBufferTests()
    {
        _manager = new FakeManager(_time);
        _manager.On("POST", TaskPath, _ => _managerUp ? FakeManager.Reply(HttpStatusCode.NoContent) : FakeManager.Unreachable());
    }

    private string DatabasePath => Path.Combine(_folder, "flamenco-worker.db");

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public async Task SendAsync_ManagerUp_PostsTheUpdateAsFlamencoSpellsIt()
    {
        _managerUp = true;
        using var buffer = Buffer(new UpstreamQueue(new MemoryStream()));

        await buffer.SendAsync(TaskId, new TaskUpdate { Activity = "Progress", StepsCompleted = 3 }, CancellationToken.None);
        await buffer.SendAsync(TaskId, new TaskUpdate { Activity = "Started", TaskStatus = TaskStatus.Active }, CancellationToken.None);

        Assert.Equal(["""{"activity":"Progress","steps_completed":3}""", """{"taskStatus":"active","activity":"Started"}"""],
            _manager.To(TaskPath).Select(r => r.Body));
        Assert.All(_manager.To(TaskPath), r => Assert.Equal("application/json", r.ContentType));
        Assert.Equal(0, buffer.QueuedCount);
    }

    [Fact]
    public async Task SendAsync_ManagerUnreachable_QueuesAndLaterUpdatesQueueWithoutTrying()
    {
        using var buffer = Buffer(new UpstreamQueue(new MemoryStream()));

        await buffer.SendAsync(TaskId, new TaskUpdate { Log = "first" }, CancellationToken.None);
        _managerUp = true;
        await buffer.SendAsync(TaskId, new TaskUpdate { Log = "second" }, CancellationToken.None);

        Assert.Equal(2, buffer.QueuedCount);
        Assert.Single(_manager.To(TaskPath));
    }

    [Fact]
    public async Task KeepFlushing_ManagerBack_DeliversTheQueueInOrderWithinTheBackOff()
    {
        using var buffer = Buffer(new UpstreamQueue(new MemoryStream()));
        using var stop = new CancellationTokenSource();
        var flushing = buffer.KeepFlushingAsync(stop.Token);
        var start = _time.GetUtcNow();
        await buffer.SendAsync(TaskId, new TaskUpdate { Log = "first" }, CancellationToken.None);
        await buffer.SendAsync(TaskId, new TaskUpdate { Log = "second" }, CancellationToken.None);

        // Down for 10 s: tries at 1, 3 and 7 s fail; the one at 15 s finds it back.
        await _time.AdvanceUntilAsync(() => _time.GetUtcNow() - start >= TimeSpan.FromSeconds(10), TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(11));
        _managerUp = true;
        await _time.AdvanceUntilAsync(() => buffer.QueuedCount == 0, TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(10));
        await stop.CancelAsync();
        await flushing;

        Assert.Equal(["first", "first", "first", "first", "first", "second"], _manager.To(TaskPath).Select(r => r.Body[8..^2]));
        Clock.AssertSecondsAfter(start, _manager.To(TaskPath), [0, 1, 3, 7, 15, 15], lateBy: 1);
    }

    [Fact]
    public async Task Flush_AfterTheWorkerRestarted_DeliversWhatTheLastRunQueued()
    {
        using (var queue = new UpstreamQueue(DatabasePath))
        {
            using var beforeRestart = Buffer(queue);
            await beforeRestart.SendAsync(TaskId, new TaskUpdate { Log = "one" }, CancellationToken.None);
            await beforeRestart.SendAsync(TaskId, new TaskUpdate { Activity = "Completed", TaskStatus = TaskStatus.Completed }, CancellationToken.None);
        }
        _managerUp = true;

        using var reopened = new UpstreamQueue(DatabasePath);
        using var afterRestart = Buffer(reopened);
        var empty = (await afterRestart.FlushAsync(CancellationToken.None)).Empty;

        Assert.True(empty);
        Assert.Equal(["""{"log":"one"}""", """{"taskStatus":"completed","activity":"Completed"}"""], _manager.To(TaskPath).Skip(1).Select(r => r.Body));
    }

    [Fact]
    public async Task Flush_ManagerStillDown_KeepsEverythingInOrder()
    {
        using var buffer = Buffer(new UpstreamQueue(new MemoryStream()));
        await buffer.SendAsync(TaskId, new TaskUpdate { Log = "first" }, CancellationToken.None);
        await buffer.SendAsync(TaskId, new TaskUpdate { Log = "second" }, CancellationToken.None);

        var empty = (await buffer.FlushAsync(CancellationToken.None)).Empty;

        Assert.False(empty);
        Assert.Equal(2, buffer.QueuedCount);
    }

    [Fact]
    public async Task SendAsync_Conflict_IsReassignedAndNotQueued()
    {
        using var buffer = Buffer(new UpstreamQueue(new MemoryStream()));
        _manager.On("POST", TaskPath, HttpStatusCode.Conflict, """{"code":409,"message":"task is not assigned to you"}""");

        await Assert.ThrowsAsync<TaskReassignedException>(() => buffer.SendAsync(TaskId, new TaskUpdate { Log = "x" }, CancellationToken.None));

        Assert.Equal(0, buffer.QueuedCount);
    }

    [Theory]
    [InlineData(HttpStatusCode.NotFound)]
    [InlineData(HttpStatusCode.Forbidden)]
    public async Task SendAsync_TaskNotThisWorkers_IsReassignedAndNotQueued(HttpStatusCode answer)
    {
        using var buffer = Buffer(new UpstreamQueue(new MemoryStream()));
        _manager.On("POST", TaskPath, answer, $$"""{"code":{{(int)answer}},"message":"no"}""");

        await Assert.ThrowsAsync<TaskReassignedException>(() => buffer.SendAsync(TaskId, new TaskUpdate { Log = "x" }, CancellationToken.None));

        Assert.Equal(0, buffer.QueuedCount);
    }

    [Theory]
    [InlineData(HttpStatusCode.InternalServerError)]
    [InlineData(HttpStatusCode.BadGateway)]
    [InlineData(HttpStatusCode.ServiceUnavailable)]
    [InlineData(HttpStatusCode.GatewayTimeout)]
    [InlineData(HttpStatusCode.RequestTimeout)]
    [InlineData(HttpStatusCode.TooManyRequests)]
    public async Task SendAsync_ManagerCannotNow_QueuesLikeNoAnswer(HttpStatusCode answer)
    {
        using var buffer = Buffer(new UpstreamQueue(new MemoryStream()));
        _manager.On("POST", TaskPath, answer, """{"code":500,"message":"boom"}""");

        await buffer.SendAsync(TaskId, new TaskUpdate { Activity = "Completed", TaskStatus = TaskStatus.Completed }, CancellationToken.None);

        Assert.Equal(1, buffer.QueuedCount);
    }

    [Fact]
    public async Task SendAsync_AnswerCutOffHalfway_QueuesLikeNoAnswer()
    {
        using var buffer = Buffer(new UpstreamQueue(new MemoryStream()));
        _manager.On("POST", TaskPath, _ => new HttpResponseMessage(HttpStatusCode.NoContent) { Content = new StreamContent(new CutOffStream()) });

        await buffer.SendAsync(TaskId, new TaskUpdate { Log = "x" }, CancellationToken.None);

        Assert.Equal(1, buffer.QueuedCount);
    }

    [Fact]
    public async Task SendAsync_OneUpdateRefused_DropsOnlyItAndSendsTheNextOnes()
    {
        using var buffer = Buffer(new UpstreamQueue(new MemoryStream()));
        _manager.On("POST", TaskPath, r => FakeManager.Reply(
            r.Body.Contains("refused") ? HttpStatusCode.RequestEntityTooLarge : HttpStatusCode.NoContent, """{"code":413,"message":"too large"}"""));

        await buffer.SendAsync(TaskId, new TaskUpdate { Log = "refused" }, CancellationToken.None);
        await buffer.SendAsync(TaskId, new TaskUpdate { Log = "next" }, CancellationToken.None);

        Assert.Equal(0, buffer.QueuedCount);
        Assert.Equal(["""{"log":"refused"}""", """{"log":"next"}"""], _manager.To(TaskPath).Select(r => r.Body));
    }

    [Theory]
    [InlineData(HttpStatusCode.InternalServerError)]
    [InlineData(HttpStatusCode.ServiceUnavailable)]
    public async Task Flush_ManagerCannotNow_KeepsTheUpdateForTheNextTry(HttpStatusCode answer)
    {
        using var buffer = Buffer(new UpstreamQueue(new MemoryStream()));
        await buffer.SendAsync(TaskId, new TaskUpdate { Activity = "Completed", TaskStatus = TaskStatus.Completed }, CancellationToken.None);
        _manager.On("POST", TaskPath, answer);

        var empty = (await buffer.FlushAsync(CancellationToken.None)).Empty;

        Assert.False(empty);
        Assert.Equal(1, buffer.QueuedCount);
    }

    [Theory]
    [InlineData(HttpStatusCode.Conflict)]
    [InlineData(HttpStatusCode.BadRequest)]
    public async Task Flush_AnsweredWithARefusal_DropsThatUpdateAndGoesOn(HttpStatusCode answer)
    {
        using var buffer = Buffer(new UpstreamQueue(new MemoryStream()));
        await buffer.SendAsync(TaskId, new TaskUpdate { Log = "refused" }, CancellationToken.None);
        await buffer.SendAsync(TaskId, new TaskUpdate { Log = "accepted" }, CancellationToken.None);
        _manager.On("POST", TaskPath, r => FakeManager.Reply(r.Body.Contains("refused") ? answer : HttpStatusCode.NoContent));

        var empty = (await buffer.FlushAsync(CancellationToken.None)).Empty;

        Assert.True(empty);
        Assert.Equal(["""{"log":"refused"}""", """{"log":"accepted"}"""], _manager.To(TaskPath).Skip(1).Select(r => r.Body));
    }

    /// <summary>A body whose connection dies after a few bytes, as HttpClient reports it.</summary>
    private sealed class CutOffStream : MemoryStream
    {
        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            ValueTask.FromException<int>(new HttpIOException(HttpRequestError.ResponseEnded, "The response ended prematurely"));

        public override int Read(byte[] buffer, int offset, int count) =>
            throw new HttpIOException(HttpRequestError.ResponseEnded, "The response ended prematurely");
    }

    private UpstreamBuffer Buffer(UpstreamQueue queue) => new(_manager.Client, queue, WorkerParts.Timings, _time, NullLogger<UpstreamBuffer>.Instance);
}
