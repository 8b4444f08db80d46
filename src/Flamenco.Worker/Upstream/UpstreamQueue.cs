using LiteDB;

namespace Flamenco.Worker.Upstream;

/// <summary>
/// The durable queue of task updates the Manager has not received yet (reference §3.3), in a LiteDB file in the
/// Flamenco home. Every call is one LiteDB auto-commit, so what <see cref="Enqueue"/> returned from survives a crash.
/// Exactly one instance may open a file (two corrupt it, reference/stack.md §5): a lock file makes a second worker
/// on the same Flamenco home fail at start. Not thread-safe; <see cref="UpstreamBuffer"/> serialises the calls.
/// </summary>
internal sealed class UpstreamQueue : IDisposable
{
    private readonly LiteDatabase _database;
    private readonly FileStream? _lockFile;
    private readonly ILiteCollection<QueuedTaskUpdate> _updates;

    public UpstreamQueue(string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        _lockFile = AcquireLock(path + ".lock");
        try
        {
            _database = new LiteDatabase(new ConnectionString { Filename = path, Connection = ConnectionType.Direct }, CreateMapper());
        }
        catch
        {
            _lockFile.Dispose();
            throw;
        }
        _updates = _database.GetCollection<QueuedTaskUpdate>("task_updates", BsonAutoId.Int64);
    }

    /// <summary>An in-memory queue, for tests.</summary>
    public UpstreamQueue(Stream stream)
    {
        _database = new LiteDatabase(stream, CreateMapper());
        _updates = _database.GetCollection<QueuedTaskUpdate>("task_updates", BsonAutoId.Int64);
    }

    public int Count => _updates.Count();

    public bool IsEmpty => Count == 0;

    public void Enqueue(Guid taskId, string updateJson, DateTimeOffset createdAt) =>
        _updates.Insert(new QueuedTaskUpdate { TaskId = taskId, Payload = updateJson, CreatedAt = createdAt.UtcDateTime });

    /// <summary>The oldest update: the lowest id, which is the order they were queued in (not their timestamps).</summary>
    public QueuedTaskUpdate? Peek() => _updates.Query().OrderBy(u => u.Id).Limit(1).FirstOrDefault();

    public void Remove(long id) => _updates.Delete(id);

    public void Dispose()
    {
        _database.Dispose();
        _lockFile?.Dispose();
    }

    private static FileStream AcquireLock(string lockPath)
    {
        try
        {
            // FileShare.None takes an exclusive advisory lock on Unix too.
            return new FileStream(lockPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException e)
        {
            throw new IOException(
                $"the upstream queue {lockPath[..^5]} is in use by another worker (lock file {lockPath}); " +
                "each worker needs its own Flamenco home (FLAMENCO_HOME)", e);
        }
    }

    private static BsonMapper CreateMapper() => new() { TrimWhitespace = false, EmptyStringToNull = false };
}

/// <summary>One queued update: the exact JSON body to post to <c>/api/v3/worker/task/{TaskId}</c>.</summary>
internal sealed class QueuedTaskUpdate
{
    public long Id { get; set; }

    public DateTime CreatedAt { get; set; }

    public Guid TaskId { get; set; }

    public string Payload { get; set; } = "";
}
