using Flamenco.Worker.Upstream;

namespace Flamenco.Worker.Tests.Upstream;

public sealed class UpstreamQueueTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("flamenco-worker-queue-").FullName;

    private string DatabasePath => Path.Combine(_folder, "flamenco-worker.db");

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void Peek_GivesTheFirstQueuedByIdNotByTime()
    {
        using var queue = new UpstreamQueue(new MemoryStream());
        var task = Guid.NewGuid();
        var now = DateTimeOffset.Parse("2026-01-01T12:00:00Z");

        queue.Enqueue(task, """{"activity":"Tešt active","taskStatus":"active"}""", now);
        queue.Enqueue(task, """{"taskStatus":"completed"}""", now.AddHours(-1));

        var first = queue.Peek()!;
        Assert.Equal(2, queue.Count);
        Assert.Equal((1L, task, """{"activity":"Tešt active","taskStatus":"active"}"""), (first.Id, first.TaskId, first.Payload));
        queue.Remove(first.Id);
        var second = queue.Peek()!;
        Assert.Equal((2L, """{"taskStatus":"completed"}"""), (second.Id, second.Payload));
        queue.Remove(second.Id);
        Assert.True(queue.IsEmpty);
        Assert.Null(queue.Peek());
    }

    [Fact]
    public void Reopen_KeepsQueuedUpdatesInOrder()
    {
        var task = Guid.NewGuid();
        using (var queue = new UpstreamQueue(DatabasePath))
        {
            for (var i = 1; i <= 3; i++) queue.Enqueue(task, $$"""{"log":"line {{i}}"}""", DateTimeOffset.UnixEpoch);
            queue.Remove(queue.Peek()!.Id);
        }

        using var reopened = new UpstreamQueue(DatabasePath);
        var payloads = new List<string>();
        while (reopened.Peek() is { } update)
        {
            payloads.Add(update.Payload);
            reopened.Remove(update.Id);
        }

        Assert.Equal(["""{"log":"line 2"}""", """{"log":"line 3"}"""], payloads);
    }

    [Fact]
    public void Open_FileInUseByAnotherQueue_IsRefused()
    {
        using var first = new UpstreamQueue(DatabasePath);

        var error = Assert.Throws<IOException>(() => new UpstreamQueue(DatabasePath));

        Assert.Contains("in use by another worker", error.Message);
    }
}
