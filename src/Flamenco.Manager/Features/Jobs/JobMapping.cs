using System.Text.Json;
using Flamenco.Api;
using Flamenco.Manager.Jobs;
using ApiJob = Flamenco.Api.Job;
using Job = Flamenco.Manager.Jobs.Job;

namespace Flamenco.Manager.Features.Jobs;

internal static class JobMapping
{
    public static ApiJob ToWire(this Job job) => new()
    {
        Id = job.Id.ToString(),
        Name = job.Name,
        Type = job.Type,
        TypeEtag = job.TypeEtag,
        Priority = job.Priority,
        Settings = JsonDocument.Parse(job.SettingsJson).RootElement,
        Metadata = job.Metadata,
        SubmitterPlatform = job.SubmitterPlatform,
        Storage = job.ShamanCheckoutId is null ? null : new JobStorageInfo { ShamanCheckoutId = job.ShamanCheckoutId },
        WorkerTag = job.WorkerTagId?.ToString(),
        InitialStatus = job.InitialStatus,
        Created = job.Created,
        Updated = job.Updated,
        Status = job.Status,
        Activity = job.Activity,
        StepsCompleted = job.StepsCompleted,
        StepsTotal = job.StepsTotal,
        DeleteRequestedAt = job.DeleteRequestedAt,
    };

    /// <summary>The task as listed with its job; <paramref name="findWorker"/> names its worker, as Flamenco does.</summary>
    public static TaskSummary ToSummary(this JobTask task, Func<Guid, Workers.Worker?> findWorker) => new()
    {
        Id = task.Id.ToString(),
        Name = task.Name,
        Status = task.Status,
        IndexInJob = task.IndexInJob,
        Priority = task.Priority,
        TaskType = task.Type,
        Updated = task.Updated,
        Worker = task.WorkerId is { } workerId ? TaskWorkerOf(workerId, findWorker) : null,
        StepsCompleted = task.StepsCompleted,
        StepsTotal = task.StepsTotal,
    };

    /// <summary>
    /// The task with its worker and the workers that failed it. Flamenco always sends <c>failed_by_workers</c>
    /// (<c>[]</c> when empty): its web app reads the list without checking it is there.
    /// </summary>
    public static JobTaskDetails ToDetails(this JobTask task, Func<Guid, Workers.Worker?> findWorker) => new()
    {
        Id = task.Id.ToString(),
        Created = task.Created,
        Updated = task.Updated,
        JobId = task.JobId.ToString(),
        IndexInJob = task.IndexInJob,
        Name = task.Name,
        Status = task.Status,
        Priority = task.Priority,
        TaskType = task.Type,
        Activity = task.Activity,
        Commands = JsonSerializer.Deserialize<List<Command>>(task.CommandsJson)!,
        StepsCompleted = task.StepsCompleted,
        StepsTotal = task.StepsTotal,
        Worker = task.WorkerId is { } workerId ? TaskWorkerOf(workerId, findWorker) : null,
        LastTouched = task.LastTouched,
        FailedByWorkers = [.. task.FailedByWorkers.Select(id => TaskWorkerOf(id, findWorker))],
    };

    /// <summary>A deleted worker is still named; one no longer stored keeps its id, with an empty name and address.</summary>
    private static TaskWorker TaskWorkerOf(Guid id, Func<Guid, Workers.Worker?> findWorker) =>
        findWorker(id) is { } worker
            ? new TaskWorker { Id = id.ToString(), Name = worker.Name, Address = worker.Address }
            : new TaskWorker { Id = id.ToString(), Name = "", Address = "" };
}
