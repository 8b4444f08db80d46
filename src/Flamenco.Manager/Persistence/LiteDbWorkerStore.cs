using Flamenco.Manager.Workers;
using LiteDB;

namespace Flamenco.Manager.Persistence;

/// <summary>
/// Workers and worker tags in LiteDB. Every worker request reads its worker (authentication), thousands a second on
/// a big farm, while a farm has only so many workers: so all worker records are also kept in memory, as documents,
/// written through (LiteDB first, then memory, under one lock so memory follows the commit order).
/// </summary>
internal sealed class LiteDbWorkerStore(FlamencoDatabase db) : IWorkerStore
{
    private readonly Lock _lock = new();
    private Dictionary<Guid, BsonDocument>? _workers;

    private BsonMapper Mapper => db.Database.Mapper;

    public void Add(Worker worker) => Write(worker, () => db.Workers.Insert(worker));

    public Worker? Find(Guid id)
    {
        BsonDocument? document;
        lock (_lock) document = Workers.GetValueOrDefault(id);
        return document is null ? null : Mapper.ToObject<Worker>(document);
    }

    public IReadOnlyList<Worker> ListWorkers()
    {
        List<BsonDocument> documents;
        lock (_lock) documents = [.. Workers.Values];
        return documents.Select(Mapper.ToObject<Worker>).Where(w => w.DeletedAt == null).OrderBy(w => w.Name, StringComparer.Ordinal).ToList();
    }

    public void Save(Worker worker) => Write(worker, () => db.Workers.Update(worker));

    public void MarkSeen(Guid id, DateTimeOffset seen)
    {
        lock (_lock)
        {
            db.InTransaction(() => db.Workers.UpdateMany(BsonExpression.Create("{ LastSeen: @0 }", new BsonValue(seen.UtcDateTime)), BsonExpression.Create("_id = @0", new BsonValue(id))));
            // Documents handed out are never changed: replace this one with a copy.
            if (Workers.TryGetValue(id, out var stored)) Workers[id] = new BsonDocument(stored) { ["LastSeen"] = Mapper.Serialize(seen) };
        }
    }

    public IReadOnlyList<WorkerTag> ListTags() => db.WorkerTags.FindAll().OrderBy(t => t.Name, StringComparer.Ordinal).ToList();

    public WorkerTag? FindTag(Guid id) => db.WorkerTags.FindById(id);

    public WorkerTag? FindTagByName(string name) => db.WorkerTags.FindOne(t => t.Name == name);

    public void SaveTag(WorkerTag tag) => db.InTransaction(() => db.WorkerTags.Upsert(tag));

    public void DeleteTag(Guid id)
    {
        lock (_lock)
        {
            db.InTransaction(() =>
            {
                db.WorkerTags.Delete(id);
                foreach (var worker in db.Workers.Find(w => w.Tags.Contains(id)).ToList())
                {
                    worker.Tags.Remove(id);
                    db.Workers.Update(worker);
                }
            });
            _workers = null;
        }
    }

    /// <summary>All workers, deleted ones too, loaded on first use. Hold <see cref="_lock"/>.</summary>
    private Dictionary<Guid, BsonDocument> Workers =>
        _workers ??= db.Database.GetCollection(db.Workers.Name).FindAll().ToDictionary(document => document["_id"].AsGuid);

    private void Write(Worker worker, Action write)
    {
        lock (_lock)
        {
            db.InTransaction(write);
            Workers[worker.Id] = Mapper.ToDocument(worker);
        }
    }
}
