using JobStatus = Flamenco.Api.JobStatus;
using Flamenco.Manager.Jobs;
using Flamenco.Manager.Workers;
using LiteDB;

namespace Flamenco.Manager.Persistence;

/// <summary>
/// The Manager's one LiteDB database. Exactly one instance may open a file: two direct-mode instances on one file
/// corrupt it (reference/stack.md §5), so a lock file next to the database makes a second Manager fail at start.
/// LiteDB transactions belong to a thread: never await between BeginTrans and Commit.
/// </summary>
public sealed class FlamencoDatabase : IDisposable
{
    private readonly FileStream? _lockFile;

    /// <summary>The data and log files, which LiteDB does not close itself when it gets them as streams.</summary>
    private readonly Stream[] _files = [];
    private readonly Lock _transactions = new();

    public FlamencoDatabase(string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        _lockFile = AcquireLock(path + ".lock");
        try
        {
            // The files LiteDB itself would use (name.db and name-log.db), opened by us so the log's fsync can be
            // shared by concurrent commits (GroupSync).
            var logPath = Path.ChangeExtension(path, null) + "-log" + Path.GetExtension(path);
            _files = [new DataFileStream(new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.Read, bufferSize: 0)), GroupSync.OpenLog(logPath)];
            Database = new LiteDatabase(_files[0], CreateMapper(), _files[1]);
            Sync = new GroupSync(logPath, LiteDbLogWriter.WaitFunction(Database), WritePending);
            EnsureIndexes();
            LoadActiveTasks();
        }
        catch
        {
            foreach (var file in _files) file.Dispose();
            Sync?.Dispose();
            _lockFile.Dispose();
            throw;
        }
    }

    /// <summary>An in-memory database, for tests and benchmarks.</summary>
    public FlamencoDatabase(Stream stream)
    {
        Database = new LiteDatabase(stream, CreateMapper());
        EnsureIndexes();
        LoadActiveTasks();
    }

    internal LiteDatabase Database { get; }

    /// <summary>Durability of committed changes; null for an in-memory database, which has none to wait for.</summary>
    public GroupSync? Sync { get; }

    /// <summary>The writes of the request (or other unit of work) this code runs for; see <see cref="TrackWrites"/>.</summary>
    private static readonly AsyncLocal<WriteTracker?> CurrentWrites = new();

    /// <summary>Completes when every change committed so far is on disk.</summary>
    public Task WhenDurableAsync() => Sync?.WhenDurableAsync() ?? Task.CompletedTask;

    /// <summary>
    /// Starts noting whether the calling flow (a request) commits anything, so only a request that changed something
    /// waits for the disk before it answers.
    /// </summary>
    public static WriteTracker TrackWrites() => CurrentWrites.Value = new WriteTracker();

    internal const string JobsCollection = "jobs";

    internal const string TasksCollection = "tasks";

    internal ILiteCollection<Job> Jobs => Database.GetCollection<Job>(JobsCollection);

    internal ILiteCollection<JobTask> Tasks => Database.GetCollection<JobTask>(TasksCollection);

    /// <summary>Changes accepted with <see cref="WriteBehind"/> and not in LiteDB yet, and live jobs and tasks.</summary>
    internal PendingWrites Pending { get; } = new(IsLive);

    internal ILiteCollection<Worker> Workers => Database.GetCollection<Worker>("workers");

    internal ILiteCollection<WorkerTag> WorkerTags => Database.GetCollection<WorkerTag>("worker_tags");

    /// <summary>At most one row: the job whose last-rendered image came in last.</summary>
    internal ILiteCollection<LastRenderedRecord> LastRendered => Database.GetCollection<LastRenderedRecord>("last_rendered");

    /// <summary>
    /// Runs <paramref name="work"/> in one transaction: all of it is stored, or none. Every write goes through here,
    /// one at a time: two threads locking the same collections in a different order (a job then its tasks, or the
    /// other way round) would each wait for the other until LiteDB's one-minute lock timeout, and concurrent writers
    /// in one LiteDB file lost freshly inserted documents in our tests.
    /// </summary>
    internal void InTransaction(Action work)
    {
        Commit(work);
        Sync?.Committed();
        CurrentWrites.Value?.Wrote();
    }

    /// <summary>
    /// Replaces existing documents (by <c>_id</c>), all or none, through the next group-sync round: readers see the
    /// new versions at once, LiteDB gets them with the round's one transaction (<see cref="PendingWrites"/>). An
    /// in-memory database, which has no rounds, writes them at once.
    /// </summary>
    internal void WriteBehind(params (string Collection, IReadOnlyCollection<BsonDocument> Documents)[] changes)
    {
        Pending.Put(changes);
        if (Sync is null) WritePending();
        else Sync.Committed();
        CurrentWrites.Value?.Wrote();
    }

    public void Dispose()
    {
        // First: its final round writes what is still pending, so the database must still be open.
        Sync?.Dispose();
        Database.Dispose();
        foreach (var file in _files) file.Dispose();
        _lockFile?.Dispose();
    }

    /// <summary>
    /// A job or task not finished yet: the Manager will read and change it again soon. Jobs and tasks name their
    /// finished statuses alike.
    /// </summary>
    private static bool IsLive(string collection, BsonDocument document) =>
        collection is JobsCollection or TasksCollection
        && document["Status"].AsString is not (nameof(JobStatus.Completed) or nameof(JobStatus.Canceled) or nameof(JobStatus.Failed));

    /// <summary>Runs in <see cref="GroupSync"/>'s round; counted already when accepted, so not again here.</summary>
    private void WritePending() => Pending.WriteAll(changes => Commit(() => Update(changes)));

    private void Update(IEnumerable<(string Collection, IReadOnlyCollection<BsonDocument> Documents)> changes)
    {
        foreach (var (collection, documents) in changes)
        {
            if (documents.Count > 0) Database.GetCollection(collection).Update(documents);
        }
    }

    private void Commit(Action work)
    {
        lock (_transactions)
        {
            Database.BeginTrans();
            try
            {
                work();
                Database.Commit();
            }
            catch
            {
                Database.Rollback();
                throw;
            }
        }
    }

    /// <summary>Whether a task document is active (tested on the document: cheaper than reading the task).</summary>
    internal static bool IsActive(BsonDocument task) => task["Status"].AsString == nameof(TaskStatus.Active);

    private void EnsureIndexes()
    {
        Tasks.EnsureIndex(t => t.JobId);
        Jobs.EnsureIndex(j => j.Status);
        // The orders a jobs query can walk instead of sorting (LiteDbJobStore.Search).
        Jobs.EnsureIndex(j => j.Created);
        Jobs.EnsureIndex(j => j.Updated);
        Jobs.EnsureIndex(j => j.Priority);
        WorkerTags.EnsureIndex(t => t.Name, unique: true);
        // Active tasks are found in memory (LoadActiveTasks). Indexes on the task status and worker cost every status
        // change a walk through LiteDB's skip list of thousands of equal keys — a tenth of the Manager's CPU under
        // load — so databases made by earlier versions lose them.
        Tasks.DropIndex(nameof(JobTask.Status));
        Tasks.DropIndex(nameof(JobTask.WorkerId));
        // Index changes commit on their own (the only writes outside InTransaction).
        Sync?.Committed();
    }

    /// <summary>
    /// Keeps every active task in memory, where <see cref="LiteDbJobStore.ActiveTasks"/> finds them; from here on
    /// each change passes through <see cref="Pending"/>, so they stay there while active. Only unfinished jobs can
    /// have active tasks (finishing a job cancels its runnable tasks).
    /// </summary>
    private void LoadActiveTasks()
    {
        var tasks = Database.GetCollection(TasksCollection);
        foreach (var job in Jobs.Find(j => j.Status != JobStatus.Completed && j.Status != JobStatus.Canceled && j.Status != JobStatus.Failed).ToList())
        {
            foreach (var task in tasks.Find(Query.EQ(nameof(JobTask.JobId), job.Id)).Where(IsActive)) Pending.Remember(TasksCollection, task, Pending.Round);
        }
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
            throw new InvalidOperationException(
                $"The database {Path.GetFileName(lockPath)[..^5]} is in use by another Manager (lock file {lockPath}). " +
                "Only one Manager may use a database at a time.", e);
        }
    }

    private static BsonMapper CreateMapper()
    {
        // LiteDB's defaults would trim strings and store "" as null: a job's data must come back exactly as stored.
        var mapper = new BsonMapper { EnumAsInteger = false, TrimWhitespace = false, EmptyStringToNull = false };
        // LiteDB has no DateTimeOffset; store UTC DateTime (millisecond precision) and read it back as UTC.
        mapper.RegisterType<DateTimeOffset>(
            value => new BsonValue(value.UtcDateTime),
            bson => new DateTimeOffset(DateTime.SpecifyKind(bson.AsDateTime.ToUniversalTime(), DateTimeKind.Utc)));
        return mapper;
    }
}

/// <summary>Whether a unit of work committed anything (set from whichever thread it runs on).</summary>
public sealed class WriteTracker
{
    private volatile bool _wrote;

    public bool HasWritten => _wrote;

    internal void Wrote() => _wrote = true;
}

/// <summary>A worker tag: jobs carrying it only run on workers that have it.</summary>
public sealed class WorkerTag
{
    public Guid Id { get; set; }
    public string Name { get; set; } = "";
    public string Description { get; set; } = "";
}

