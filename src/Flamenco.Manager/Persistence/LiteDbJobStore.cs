using JobStatus = Flamenco.Api.JobStatus;
using WorkerStatus = Flamenco.Api.WorkerStatus;
using Flamenco.Manager.Jobs;
using LiteDB;
using static Flamenco.Manager.Persistence.FlamencoDatabase;

namespace Flamenco.Manager.Persistence;

/// <summary>
/// Jobs and tasks in LiteDB. Changes to existing jobs and tasks are written behind (<see cref="PendingWrites"/>), so
/// every read merges the pending versions over what LiteDB returns.
/// </summary>
internal sealed class LiteDbJobStore(FlamencoDatabase db) : IJobStore
{
    private BsonMapper Mapper => db.Database.Mapper;

    public void Add(Job job, IReadOnlyList<JobTask> tasks)
    {
        db.InTransaction(() =>
        {
            db.Jobs.Insert(job);
            db.Tasks.InsertBulk(tasks, batchSize: 10_000);
        });
        // Active tasks must be in memory (ActiveTasks). A submitted job has none; one stored with active tasks (an
        // import, a test) passes them through the write-behind path once, which keeps them there.
        var active = tasks.Where(t => t.Status == TaskStatus.Active).Select(Mapper.ToDocument).ToList();
        if (active.Count > 0) db.WriteBehind((TasksCollection, active));
    }

    public Job? FindJob(Guid id) => Find<Job>(JobsCollection, id);

    public IReadOnlyList<Job> ListJobs() => Merge(JobsCollection, j => j.Id, () => db.Jobs.FindAll(), _ => true).OrderBy(j => j.Created).ToList();

    /// <summary>
    /// Filters by status through its index and, when the first sort key has an index (created, updated, priority),
    /// walks that index and stops once the page and every job tied with its last one are seen, so a page of the
    /// newest jobs costs the same with 100 or 100,000 stored. A page in an indexed order that also filters by status
    /// first walks the order's index alone, filtering as it goes (a common status fills the page at once), and falls
    /// back to the status index after <see cref="IndexWalkLimit"/> jobs (a rare status). Other orders sort the
    /// matching jobs. Pending versions replace their stored ones, as in every read here.
    /// </summary>
    public IReadOnlyList<Job> Search(JobSearch search)
    {
        var pending = db.Pending.Unwritten(JobsCollection);
        var indexed = IndexedField(search.OrderBy[0].Field);
        var found = indexed is not null && search.Statuses is not null && search.Limit is not null
            ? Collect(Ordered(db.Jobs.Query(), indexed, search), search, pending, indexed, IndexWalkLimit)
            : null;
        if (found is null)
        {
            var query = db.Jobs.Query();
            if (search.Statuses is { } statuses) query = query.Where(Query.In(nameof(Job.Status), new BsonArray(statuses.Select(s => new BsonValue(s.ToString())))));
            found = Collect(indexed is null ? query : Ordered(query, indexed, search), search, pending, indexed, int.MaxValue)!;
        }
        found.AddRange(pending.Values.Where(document => !PendingWrites.IsTombstone(document)).Select(Mapper.ToObject<Job>).Where(search.Matches));
        return search.SortAndPage(found);
    }

    /// <summary>How many jobs a status-filtered page walks in its order's index before it uses the status index instead.</summary>
    private const int IndexWalkLimit = 2_000;

    private static ILiteQueryable<Job> Ordered(ILiteQueryable<Job> query, string field, JobSearch search) =>
        query.OrderBy(field, search.OrderBy[0].Descending ? Query.Descending : Query.Ascending);

    /// <summary>
    /// The stored jobs (without pending ones) the page can need, in <paramref name="query"/>'s order; null when more
    /// than <paramref name="walkLimit"/> were read before the page was complete.
    /// </summary>
    private static List<Job>? Collect(ILiteQueryable<Job> query, JobSearch search, IReadOnlyDictionary<Guid, BsonDocument> pending, string? indexed, int walkLimit)
    {
        var found = new List<Job>();
        var walked = 0;
        foreach (var job in query.ToEnumerable())
        {
            if (++walked > walkLimit) return null;
            if (pending.ContainsKey(job.Id) || !search.Matches(job)) continue;
            if (indexed is not null && found.Count >= search.Needed && search.CompareFirstKey(found[^1], job) != 0) break;
            found.Add(job);
        }
        return found;
    }

    /// <summary>The sort fields with an index (<see cref="FlamencoDatabase"/>); their values order alike in LiteDB and .NET.</summary>
    private static string? IndexedField(JobSortField field) => field switch
    {
        JobSortField.Created => nameof(Job.Created),
        JobSortField.Updated => nameof(Job.Updated),
        JobSortField.Priority => nameof(Job.Priority),
        _ => null,
    };

    public IReadOnlyList<Job> JobsWithStatus(params JobStatus[] statuses) =>
        Merge(JobsCollection, j => j.Id, () => statuses.SelectMany(status => db.Jobs.Find(j => j.Status == status)), j => statuses.Contains(j.Status))
            .OrderBy(j => j.Created).ToList();

    public IReadOnlyList<JobTask> TasksOfJob(Guid jobId) =>
        Merge(TasksCollection, t => t.Id, () => db.Tasks.Find(t => t.JobId == jobId), t => t.JobId == jobId).OrderBy(t => t.IndexInJob).ToList();

    public JobTask? FindTask(Guid id) => Find<JobTask>(TasksCollection, id);

    public IReadOnlyList<JobTask> ActiveTasksOfWorker(Guid workerId) => ActiveTasks().Where(t => t.WorkerId == workerId).ToList();

    /// <summary>From memory: every active task is live, loaded when the database opened or changed since.</summary>
    public IReadOnlyList<JobTask> ActiveTasks() =>
        db.Pending.InMemory(TasksCollection, IsActive).Select(Mapper.ToObject<JobTask>).ToList();

    public IReadOnlyList<JobTask> ActiveTasksUntouchedSince(DateTimeOffset before) =>
        ActiveTasks().Where(t => t.LastTouched is null || t.LastTouched <= before).ToList();

    public void SaveTask(JobTask task) => db.WriteBehind((TasksCollection, [Mapper.ToDocument(task)]));

    public void Save(Job job, IReadOnlyCollection<JobTask> changedTasks) =>
        db.WriteBehind((JobsCollection, [Mapper.ToDocument(job)]), (TasksCollection, changedTasks.Select(Mapper.ToDocument).ToList()));

    public IReadOnlyList<Job> JobsToDelete() =>
        Merge(JobsCollection, j => j.Id, () => db.Jobs.Find(Query.Not(nameof(Job.DeleteRequestedAt), BsonValue.Null)), j => j.DeleteRequestedAt is not null)
            .OrderBy(j => j.DeleteRequestedAt).ToList();

    public IReadOnlyList<Job> JobsUpdatedUpTo(DateTimeOffset latest) =>
        Merge(JobsCollection, j => j.Id, () => db.Jobs.Find(Query.LTE(nameof(Job.Updated), latest.UtcDateTime)), j => j.Updated <= latest)
            .OrderBy(j => j.Created).ToList();

    /// <summary>Through the next group-commit round, like every change: the job and its tasks go in one transaction.</summary>
    public void Delete(Job job, IReadOnlyCollection<Guid> taskIds) =>
        db.WriteBehind((JobsCollection, [PendingWrites.Tombstone(job.Id)]), (TasksCollection, taskIds.Select(PendingWrites.Tombstone).ToList()));

    public WorkerTag? FindWorkerTag(Guid id) => db.WorkerTags.FindById(id);

    /// <summary>Only the id and status are read; LiteDB cannot map a projected enum itself, so it is parsed here.</summary>
    public IReadOnlyList<JobStatus> JobStatuses()
    {
        var pending = db.Pending.Unwritten(JobsCollection);
        return db.Jobs.Query().Select(j => new { j.Id, j.Status }).ToEnumerable()
            .Where(row => !pending.ContainsKey(row.Id)).Select(row => row.Status)
            .Concat(pending.Values.Where(document => !PendingWrites.IsTombstone(document)).Select(document => Mapper.ToObject<Job>(document).Status))
            .ToList();
    }

    public IReadOnlyList<WorkerStatus> WorkerStatuses() =>
        db.Workers.Find(w => w.DeletedAt == null).Where(w => w.Status is not null).Select(w => w.Status!.Value).ToList();

    /// <summary>From memory when the document is pending or live, else from LiteDB (and then kept if live).</summary>
    private T? Find<T>(string collection, Guid id)
    {
        if (db.Pending.Find(collection, id, out var round) is not { } document)
        {
            document = db.Database.GetCollection(collection).FindById(id);
            if (document is null) return default;
            db.Pending.Remember(collection, document, round);
        }
        return PendingWrites.IsTombstone(document) ? default : Mapper.ToObject<T>(document);
    }

    /// <summary>
    /// A query's result with pending versions in place of the stored ones: stored documents that have a pending version
    /// are dropped, and pending versions that <paramref name="matches"/> the query are added.
    /// </summary>
    private List<T> Merge<T>(string collection, Func<T, Guid> idOf, Func<IEnumerable<T>> query, Func<T, bool> matches)
    {
        // The unwritten versions first: one leaves that set only once LiteDB has it.
        var pending = db.Pending.Unwritten(collection);
        if (pending.Count == 0) return query().ToList();
        var merged = query().Where(stored => !pending.ContainsKey(idOf(stored))).ToList();
        merged.AddRange(pending.Values.Where(document => !PendingWrites.IsTombstone(document)).Select(Mapper.ToObject<T>).Where(matches));
        return merged;
    }
}
