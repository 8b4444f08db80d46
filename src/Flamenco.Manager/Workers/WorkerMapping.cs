using Flamenco.Api;
using Flamenco.Manager.Persistence;

namespace Flamenco.Manager.Workers;

/// <summary>Workers and tags as Flamenco's wire types.</summary>
public static class WorkerMapping
{
    /// <summary>The pending status request, if any.</summary>
    public static WorkerStatusChangeRequest? StatusChange(this Worker worker) =>
        worker.StatusRequested is { } requested ? new WorkerStatusChangeRequest { Status = requested, IsLazy = worker.LazyStatusRequest } : null;

    public static WorkerSummary ToSummary(this Worker worker, DateTimeOffset? lastSeen) => new()
    {
        Id = worker.Id.ToString(),
        Name = worker.Name,
        Status = worker.Status ?? WorkerStatus.Offline,
        StatusChange = worker.StatusChange(),
        LastSeen = lastSeen,
        Version = worker.Software,
        CanRestart = worker.CanRestart,
    };

    /// <summary>Upstream leaves an empty description out.</summary>
    public static WorkerTagInfo ToWire(this WorkerTag tag) => new()
    {
        Id = tag.Id.ToString(),
        Name = tag.Name,
        Description = tag.Description.Length > 0 ? tag.Description : null,
    };

    /// <summary>"name (uuid)", as Flamenco names a worker in messages.</summary>
    public static string Identifier(this Worker worker) => $"{worker.Name} ({worker.Id})";
}
