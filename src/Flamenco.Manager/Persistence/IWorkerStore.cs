using Flamenco.Manager.Workers;

namespace Flamenco.Manager.Persistence;

/// <summary>Workers and worker tags.</summary>
public interface IWorkerStore
{
    void Add(Worker worker);

    /// <summary>The worker, also when deleted (callers check <see cref="Worker.DeletedAt"/>).</summary>
    Worker? Find(Guid id);

    /// <summary>Workers that are not deleted.</summary>
    IReadOnlyList<Worker> ListWorkers();

    void Save(Worker worker);

    /// <summary>Stores only the worker's last-seen time, leaving the rest of the record as it is.</summary>
    void MarkSeen(Guid id, DateTimeOffset seen);

    IReadOnlyList<WorkerTag> ListTags();

    WorkerTag? FindTag(Guid id);

    WorkerTag? FindTagByName(string name);

    void SaveTag(WorkerTag tag);

    /// <summary>Deletes the tag and removes it from every worker, in one transaction.</summary>
    void DeleteTag(Guid id);
}
