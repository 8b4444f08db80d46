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

    public static TaskSummary ToSummary(this JobTask task) => new()
    {
        Id = task.Id.ToString(),
        Name = task.Name,
        Status = task.Status,
        IndexInJob = task.IndexInJob,
        Priority = task.Priority,
        TaskType = task.Type,
        Updated = task.Updated,
        StepsCompleted = task.StepsCompleted,
        StepsTotal = task.StepsTotal,
    };

    public static JobTaskDetails ToDetails(this JobTask task) => new()
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
        LastTouched = task.LastTouched,
    };
}
