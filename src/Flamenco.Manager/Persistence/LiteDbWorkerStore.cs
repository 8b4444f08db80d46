using Flamenco.Manager.Workers;
using LiteDB;

namespace Flamenco.Manager.Persistence;

internal sealed class LiteDbWorkerStore(FlamencoDatabase db) : IWorkerStore
{
    public void Add(Worker worker) => db.InTransaction(() => db.Workers.Insert(worker));

    public Worker? Find(Guid id) => db.Workers.FindById(id);

    public IReadOnlyList<Worker> ListWorkers() => db.Workers.Find(w => w.DeletedAt == null).OrderBy(w => w.Name, StringComparer.Ordinal).ToList();

    public void Save(Worker worker) => db.InTransaction(() => db.Workers.Update(worker));

    public void MarkSeen(Guid id, DateTimeOffset seen) =>
        db.InTransaction(() => db.Workers.UpdateMany(BsonExpression.Create("{ LastSeen: @0 }", new BsonValue(seen.UtcDateTime)), BsonExpression.Create("_id = @0", new BsonValue(id))));

    public IReadOnlyList<WorkerTag> ListTags() => db.WorkerTags.FindAll().OrderBy(t => t.Name, StringComparer.Ordinal).ToList();

    public WorkerTag? FindTag(Guid id) => db.WorkerTags.FindById(id);

    public WorkerTag? FindTagByName(string name) => db.WorkerTags.FindOne(t => t.Name == name);

    public void SaveTag(WorkerTag tag) => db.InTransaction(() => db.WorkerTags.Upsert(tag));

    public void DeleteTag(Guid id) => db.InTransaction(() =>
    {
        db.WorkerTags.Delete(id);
        foreach (var worker in db.Workers.Find(w => w.Tags.Contains(id)).ToList())
        {
            worker.Tags.Remove(id);
            db.Workers.Update(worker);
        }
    });
}
