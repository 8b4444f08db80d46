using System.Text.Json.Serialization;

namespace Flamenco.Api;

public sealed record WorkerRegistration
{
    [JsonPropertyName("secret")] public string? Secret { get; init; }
    [JsonPropertyName("platform")] public string? Platform { get; init; }
    [JsonPropertyName("supported_task_types")] public IReadOnlyList<string>? SupportedTaskTypes { get; init; }
    [JsonPropertyName("name")] public string? Name { get; init; }
}

public sealed record RegisteredWorker
{
    [JsonPropertyName("uuid")] public required string Uuid { get; init; }
    [JsonPropertyName("name")] public required string Name { get; init; }
    [JsonPropertyName("address")] public required string Address { get; init; }
    [JsonPropertyName("status")] public required WorkerStatus Status { get; init; }
    [JsonPropertyName("platform")] public required string Platform { get; init; }
    [JsonPropertyName("software")] public required string Software { get; init; }
    [JsonPropertyName("supported_task_types")] public required IReadOnlyList<string> SupportedTaskTypes { get; init; }
}

public sealed record WorkerSignOn
{
    [JsonPropertyName("name")] public string? Name { get; init; }
    [JsonPropertyName("supported_task_types")] public IReadOnlyList<string>? SupportedTaskTypes { get; init; }
    [JsonPropertyName("software_version")] public string? SoftwareVersion { get; init; }
    [JsonPropertyName("can_restart")] public bool? CanRestart { get; init; }
}

public sealed record WorkerStateChange
{
    [JsonPropertyName("status_requested")] public required WorkerStatus StatusRequested { get; init; }
}

public sealed record WorkerStateChanged
{
    [JsonPropertyName("status")] public WorkerStatus? Status { get; init; }
}

public sealed record AssignedTask
{
    [JsonPropertyName("uuid")] public required string Uuid { get; init; }
    [JsonPropertyName("job")] public required string Job { get; init; }
    [JsonPropertyName("name")] public required string Name { get; init; }
    [JsonPropertyName("status")] public required TaskStatus Status { get; init; }
    [JsonPropertyName("priority")] public required int Priority { get; init; }
    [JsonPropertyName("job_priority")] public required int JobPriority { get; init; }
    [JsonPropertyName("job_type")] public required string JobType { get; init; }
    [JsonPropertyName("task_type")] public required string TaskType { get; init; }
    [JsonPropertyName("commands")] public required IReadOnlyList<Command> Commands { get; init; }
    [JsonPropertyName("steps_completed")] public required int StepsCompleted { get; init; }
    [JsonPropertyName("steps_total")] public required int StepsTotal { get; init; }
}

public sealed record TaskUpdate
{
    [JsonPropertyName("taskStatus")] public TaskStatus? TaskStatus { get; init; }
    [JsonPropertyName("activity")] public string? Activity { get; init; }
    [JsonPropertyName("log")] public string? Log { get; init; }
    [JsonPropertyName("steps_completed")] public int? StepsCompleted { get; init; }
}

public sealed record MayKeepRunning
{
    [JsonPropertyName("mayKeepRunning")] public required bool MayKeepRunningNow { get; init; }
    [JsonPropertyName("reason")] public required string Reason { get; init; }
    [JsonPropertyName("statusChangeRequested")] public required bool StatusChangeRequested { get; init; }
}

public sealed record WorkerStatusChangeRequest
{
    [JsonPropertyName("status")] public required WorkerStatus Status { get; init; }
    [JsonPropertyName("is_lazy")] public required bool IsLazy { get; init; }
}

public sealed record WorkerTagInfo
{
    [JsonPropertyName("id")] public string? Id { get; init; }
    [JsonPropertyName("name")] public string? Name { get; init; }
    [JsonPropertyName("description")] public string? Description { get; init; }
}

public sealed record WorkerTagList
{
    [JsonPropertyName("tags")] public required IReadOnlyList<WorkerTagInfo> Tags { get; init; }
}

public sealed record WorkerSummary
{
    [JsonPropertyName("id")] public required string Id { get; init; }
    [JsonPropertyName("name")] public required string Name { get; init; }
    [JsonPropertyName("status")] public required WorkerStatus Status { get; init; }
    [JsonPropertyName("status_change")] public WorkerStatusChangeRequest? StatusChange { get; init; }
    [JsonPropertyName("last_seen")] public DateTimeOffset? LastSeen { get; init; }
    [JsonPropertyName("version")] public required string Version { get; init; }
    [JsonPropertyName("can_restart")] public required bool CanRestart { get; init; }
}

public sealed record WorkerList
{
    [JsonPropertyName("workers")] public required IReadOnlyList<WorkerSummary> Workers { get; init; }
}

public sealed record WorkerSleepSchedule
{
    [JsonPropertyName("is_active")] public bool? IsActive { get; init; }
    [JsonPropertyName("days_of_week")] public string? DaysOfWeek { get; init; }
    [JsonPropertyName("start_time")] public string? StartTime { get; init; }
    [JsonPropertyName("end_time")] public string? EndTime { get; init; }
}

/// <summary>The spec's <c>Worker</c>: everything about one worker (named so it does not clash with the Manager's entity).</summary>
public sealed record WorkerDetails
{
    [JsonPropertyName("id")] public required string Id { get; init; }
    [JsonPropertyName("name")] public required string Name { get; init; }
    [JsonPropertyName("status")] public required WorkerStatus Status { get; init; }
    [JsonPropertyName("status_change")] public WorkerStatusChangeRequest? StatusChange { get; init; }
    [JsonPropertyName("last_seen")] public DateTimeOffset? LastSeen { get; init; }
    [JsonPropertyName("version")] public required string Version { get; init; }
    [JsonPropertyName("can_restart")] public required bool CanRestart { get; init; }
    [JsonPropertyName("ip_address")] public required string IpAddress { get; init; }
    [JsonPropertyName("platform")] public required string Platform { get; init; }
    [JsonPropertyName("supported_task_types")] public required IReadOnlyList<string> SupportedTaskTypes { get; init; }
    [JsonPropertyName("task")] public WorkerTask? Task { get; init; }
    [JsonPropertyName("tags")] public IReadOnlyList<WorkerTagInfo>? Tags { get; init; }
}

/// <summary>The task a worker is working on: a <see cref="TaskSummary"/> plus its job.</summary>
public sealed record WorkerTask
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
    [JsonPropertyName("job_id")] public required string JobId { get; init; }
}

public sealed record WorkerTagChangeRequest
{
    [JsonPropertyName("tag_ids")] public IReadOnlyList<string>? TagIds { get; init; }
}

/// <summary>A job's new tag, by <c>id</c> or by <c>name</c>; neither clears it.</summary>
public sealed record JobTagChange
{
    [JsonPropertyName("id")] public string? Id { get; init; }
    [JsonPropertyName("name")] public string? Name { get; init; }
}
