using System.Text.Json;
using System.Text.Json.Serialization;

namespace Flamenco.Api;

/// <summary>A job as submitted (<c>SubmittedJob</c>). Nullable members are the ones a client may leave out.</summary>
public record SubmittedJob
{
    [JsonPropertyName("name")] public string? Name { get; init; }
    [JsonPropertyName("type")] public string? Type { get; init; }
    [JsonPropertyName("type_etag")] public string? TypeEtag { get; init; }
    [JsonPropertyName("priority")] public int? Priority { get; init; }
    [JsonPropertyName("settings")] public JsonElement? Settings { get; init; }
    [JsonPropertyName("metadata")] public Dictionary<string, string>? Metadata { get; init; }
    [JsonPropertyName("submitter_platform")] public string? SubmitterPlatform { get; init; }
    [JsonPropertyName("storage")] public JobStorageInfo? Storage { get; init; }
    [JsonPropertyName("worker_tag")] public string? WorkerTag { get; init; }
    [JsonPropertyName("initial_status")] public JobStatus? InitialStatus { get; init; }
}

public sealed record JobStorageInfo
{
    [JsonPropertyName("shaman_checkout_id")] public string? ShamanCheckoutId { get; init; }
}

/// <summary>A stored job (<c>Job</c>).</summary>
public sealed record Job
{
    [JsonPropertyName("id")] public required string Id { get; init; }
    [JsonPropertyName("name")] public required string Name { get; init; }
    [JsonPropertyName("type")] public required string Type { get; init; }
    [JsonPropertyName("type_etag")] public string? TypeEtag { get; init; }
    [JsonPropertyName("priority")] public required int Priority { get; init; }
    [JsonPropertyName("settings")] public JsonElement? Settings { get; init; }
    [JsonPropertyName("metadata")] public IReadOnlyDictionary<string, string>? Metadata { get; init; }
    [JsonPropertyName("submitter_platform")] public required string SubmitterPlatform { get; init; }
    [JsonPropertyName("storage")] public JobStorageInfo? Storage { get; init; }
    [JsonPropertyName("worker_tag")] public string? WorkerTag { get; init; }
    [JsonPropertyName("initial_status")] public JobStatus? InitialStatus { get; init; }
    [JsonPropertyName("created")] public required DateTimeOffset Created { get; init; }
    [JsonPropertyName("updated")] public required DateTimeOffset Updated { get; init; }
    [JsonPropertyName("status")] public required JobStatus Status { get; init; }
    [JsonPropertyName("activity")] public required string Activity { get; init; }
    [JsonPropertyName("steps_completed")] public required int StepsCompleted { get; init; }
    [JsonPropertyName("steps_total")] public required int StepsTotal { get; init; }
    [JsonPropertyName("delete_requested_at")] public DateTimeOffset? DeleteRequestedAt { get; init; }
}

/// <summary>
/// A jobs query (<c>JobsQuery</c>): status, metadata and settings filters, sorting by <c>Job</c> field names (<c>-</c> in
/// front for descending), paging.
/// </summary>
public sealed record JobsQuery
{
    [JsonPropertyName("offset")] public int? Offset { get; init; }
    [JsonPropertyName("limit")] public int? Limit { get; init; }
    [JsonPropertyName("order_by")] public IReadOnlyList<string>? OrderBy { get; init; }
    [JsonPropertyName("status_in")] public IReadOnlyList<JobStatus>? StatusIn { get; init; }
    [JsonPropertyName("metadata")] public IReadOnlyDictionary<string, string>? Metadata { get; init; }
    [JsonPropertyName("settings")] public IReadOnlyDictionary<string, JsonElement>? Settings { get; init; }
}

public sealed record JobsQueryResult
{
    [JsonPropertyName("jobs")] public required IReadOnlyList<Job> Jobs { get; init; }
}

public sealed record Command
{
    [JsonPropertyName("name")] public required string Name { get; init; }
    [JsonPropertyName("parameters")] public required JsonElement Parameters { get; init; }
    [JsonPropertyName("total_step_count")] public required int TotalStepCount { get; init; }
}

public sealed record TaskWorker
{
    [JsonPropertyName("id")] public required string Id { get; init; }
    [JsonPropertyName("name")] public required string Name { get; init; }
    [JsonPropertyName("address")] public required string Address { get; init; }
}

/// <summary>A task with all its details (<c>Task</c>).</summary>
public sealed record JobTaskDetails
{
    [JsonPropertyName("id")] public required string Id { get; init; }
    [JsonPropertyName("created")] public required DateTimeOffset Created { get; init; }
    [JsonPropertyName("updated")] public required DateTimeOffset Updated { get; init; }
    [JsonPropertyName("job_id")] public required string JobId { get; init; }
    [JsonPropertyName("index_in_job")] public required int IndexInJob { get; init; }
    [JsonPropertyName("name")] public required string Name { get; init; }
    [JsonPropertyName("status")] public required TaskStatus Status { get; init; }
    [JsonPropertyName("priority")] public required int Priority { get; init; }
    [JsonPropertyName("task_type")] public required string TaskType { get; init; }
    [JsonPropertyName("activity")] public required string Activity { get; init; }
    [JsonPropertyName("commands")] public required IReadOnlyList<Command> Commands { get; init; }
    [JsonPropertyName("steps_completed")] public required int StepsCompleted { get; init; }
    [JsonPropertyName("steps_total")] public required int StepsTotal { get; init; }
    [JsonPropertyName("worker")] public TaskWorker? Worker { get; init; }
    [JsonPropertyName("last_touched")] public DateTimeOffset? LastTouched { get; init; }
    [JsonPropertyName("failed_by_workers")] public IReadOnlyList<TaskWorker>? FailedByWorkers { get; init; }
}

public sealed record TaskSummary
{
    [JsonPropertyName("id")] public required string Id { get; init; }
    [JsonPropertyName("name")] public required string Name { get; init; }
    [JsonPropertyName("status")] public required TaskStatus Status { get; init; }
    [JsonPropertyName("index_in_job")] public required int IndexInJob { get; init; }
    [JsonPropertyName("priority")] public required int Priority { get; init; }
    [JsonPropertyName("task_type")] public required string TaskType { get; init; }
    [JsonPropertyName("updated")] public required DateTimeOffset Updated { get; init; }
    [JsonPropertyName("worker")] public TaskWorker? Worker { get; init; }
    [JsonPropertyName("steps_completed")] public required int StepsCompleted { get; init; }
    [JsonPropertyName("steps_total")] public required int StepsTotal { get; init; }
}

/// <summary>The tasks of a job. The spec's <c>required: [jobs]</c> is a typo no client enforces; the property is <c>tasks</c>.</summary>
public sealed record JobTasksSummary
{
    [JsonPropertyName("tasks")] public required IReadOnlyList<TaskSummary> Tasks { get; init; }
}

public sealed record JobStatusChange
{
    [JsonPropertyName("status")] public JobStatus? Status { get; init; }
    [JsonPropertyName("reason")] public string? Reason { get; init; }
}

public sealed record TaskStatusChange
{
    [JsonPropertyName("status")] public TaskStatus? Status { get; init; }
    [JsonPropertyName("reason")] public string? Reason { get; init; }
}

public sealed record JobPriorityChange
{
    [JsonPropertyName("priority")] public int? Priority { get; init; }
}
