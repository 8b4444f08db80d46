using Flamenco.Api;
using Flamenco.Manager.Persistence;
using Flamenco.Manager.Workers;

namespace Flamenco.Manager.Events;

/// <summary>Turns worker and worker-tag changes into Flamenco's event payloads on the <see cref="EventBus"/>.</summary>
public sealed class WorkerEvents(EventBus bus, WorkerPresence presence)
{
    /// <param name="worker">The worker as saved.</param>
    /// <param name="previousStatus">Its status before the change, when the status changed.</param>
    public void WorkerChanged(Worker worker, WorkerStatus? previousStatus = null) => bus.Publish(new EventWorkerUpdate
    {
        Id = worker.Id.ToString(),
        Name = worker.Name,
        Updated = worker.Updated,
        LastSeen = presence.LastSeen(worker),
        Status = worker.Status ?? WorkerStatus.Offline,
        PreviousStatus = previousStatus,
        StatusChange = worker.StatusChange(),
        Version = worker.Software,
        DeletedAt = worker.DeletedAt,
        CanRestart = worker.CanRestart,
    });

    public void TagChanged(WorkerTag tag) => bus.Publish(new EventWorkerTagUpdate { Tag = tag.ToWire() });

    public void TagDeleted(WorkerTag tag) => bus.Publish(new EventWorkerTagUpdate { Tag = tag.ToWire(), WasDeleted = true });
}
