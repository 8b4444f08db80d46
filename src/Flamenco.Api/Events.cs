using System.Text.Json.Serialization;

namespace Flamenco.Api;

// Flamenco's event payloads (the spec's Event* schemas), published on the Manager's event bus.

public sealed record EventJobUpdate
{
    [JsonPropertyName("id")] public required string Id { get; init; }
    [JsonPropertyName("name")] public string? Name { get; init; }
    [JsonPropertyName("updated")] public required DateTimeOffset Updated { get; init; }
    [JsonPropertyName("status")] public required JobStatus Status { get; init; }
    [JsonPropertyName("previous_status")] public JobStatus? PreviousStatus { get; init; }
    [JsonPropertyName("type")] public required string Type { get; init; }
    [JsonPropertyName("priority")] public required int Priority { get; init; }
    [JsonPropertyName("refresh_tasks")] public required bool RefreshTasks { get; init; }
    [JsonPropertyName("steps_completed")] public required int StepsCompleted { get; init; }
    [JsonPropertyName("steps_total")] public required int StepsTotal { get; init; }
    [JsonPropertyName("delete_requested_at")] public DateTimeOffset? DeleteRequestedAt { get; init; }
    [JsonPropertyName("was_deleted")] public bool? WasDeleted { get; init; }
}

public sealed record AssignedWorker
{
    [JsonPropertyName("name")] public required string Name { get; init; }
    [JsonPropertyName("uuid")] public required string Uuid { get; init; }
}

public sealed record EventTaskUpdate
{
    [JsonPropertyName("id")] public required string Id { get; init; }
    [JsonPropertyName("job_id")] public required string JobId { get; init; }
    [JsonPropertyName("worker")] public AssignedWorker? Worker { get; init; }
    [JsonPropertyName("name")] public required string Name { get; init; }
    [JsonPropertyName("updated")] public required DateTimeOffset Updated { get; init; }
    [JsonPropertyName("status")] public required TaskStatus Status { get; init; }
    [JsonPropertyName("previous_status")] public TaskStatus? PreviousStatus { get; init; }
    [JsonPropertyName("activity")] public required string Activity { get; init; }
    [JsonPropertyName("steps_completed")] public required int StepsCompleted { get; init; }
    [JsonPropertyName("steps_total")] public required int StepsTotal { get; init; }
}

public sealed record EventWorkerUpdate
{
    [JsonPropertyName("id")] public required string Id { get; init; }
    [JsonPropertyName("name")] public required string Name { get; init; }
    [JsonPropertyName("updated")] public required DateTimeOffset Updated { get; init; }
    [JsonPropertyName("last_seen")] public DateTimeOffset? LastSeen { get; init; }
    [JsonPropertyName("status")] public required WorkerStatus Status { get; init; }
    [JsonPropertyName("previous_status")] public WorkerStatus? PreviousStatus { get; init; }
    [JsonPropertyName("status_change")] public WorkerStatusChangeRequest? StatusChange { get; init; }
    [JsonPropertyName("version")] public required string Version { get; init; }
    [JsonPropertyName("deleted_at")] public DateTimeOffset? DeletedAt { get; init; }
    [JsonPropertyName("can_restart")] public required bool CanRestart { get; init; }
}

public sealed record EventWorkerTagUpdate
{
    [JsonPropertyName("tag")] public required WorkerTagInfo Tag { get; init; }
    [JsonPropertyName("was_deleted")] public bool? WasDeleted { get; init; }
}

public sealed record EventTaskLogUpdate
{
    [JsonPropertyName("task_id")] public required string TaskId { get; init; }
    [JsonPropertyName("log")] public required string Log { get; init; }
}

public sealed record EventLastRenderedUpdate
{
    [JsonPropertyName("job_id")] public required string JobId { get; init; }
    [JsonPropertyName("thumbnail")] public required JobLastRenderedImageInfo Thumbnail { get; init; }
}

public sealed record JobLastRenderedImageInfo
{
    [JsonPropertyName("base")] public required string Base { get; init; }
    [JsonPropertyName("suffixes")] public required IReadOnlyList<string> Suffixes { get; init; }
}

public sealed record EventFarmStatus
{
    [JsonPropertyName("status")] public required FarmStatus Status { get; init; }
}

/// <summary>The Manager starting up or shutting down (<c>EventLifeCycle</c>).</summary>
public sealed record EventLifeCycle
{
    [JsonPropertyName("type")] public required LifeCycleEventType Type { get; init; }
}

[JsonConverter(typeof(WireEnumConverter<LifeCycleEventType>))]
public enum LifeCycleEventType
{
    [JsonStringEnumMemberName("manager-startup")] ManagerStartup,
    [JsonStringEnumMemberName("manager-shutdown")] ManagerShutdown,
}
