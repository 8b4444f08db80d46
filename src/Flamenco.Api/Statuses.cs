using System.Text.Json.Serialization;

namespace Flamenco.Api;

/// <summary>Job statuses, with their wire names.</summary>
[JsonConverter(typeof(WireEnumConverter<JobStatus>))]
public enum JobStatus
{
    [JsonStringEnumMemberName("under-construction")] UnderConstruction,
    [JsonStringEnumMemberName("queued")] Queued,
    [JsonStringEnumMemberName("active")] Active,
    [JsonStringEnumMemberName("completed")] Completed,
    [JsonStringEnumMemberName("failed")] Failed,
    [JsonStringEnumMemberName("pause-requested")] PauseRequested,
    [JsonStringEnumMemberName("paused")] Paused,
    [JsonStringEnumMemberName("cancel-requested")] CancelRequested,
    [JsonStringEnumMemberName("canceled")] Canceled,
    [JsonStringEnumMemberName("requeueing")] Requeueing,
}

/// <summary>Task statuses, with their wire names.</summary>
[JsonConverter(typeof(WireEnumConverter<TaskStatus>))]
public enum TaskStatus
{
    [JsonStringEnumMemberName("queued")] Queued,
    [JsonStringEnumMemberName("active")] Active,
    [JsonStringEnumMemberName("completed")] Completed,
    [JsonStringEnumMemberName("failed")] Failed,
    [JsonStringEnumMemberName("soft-failed")] SoftFailed,
    [JsonStringEnumMemberName("canceled")] Canceled,
    [JsonStringEnumMemberName("paused")] Paused,
}

/// <summary>Overall farm status.</summary>
[JsonConverter(typeof(WireEnumConverter<FarmStatus>))]
public enum FarmStatus
{
    [JsonStringEnumMemberName("active")] Active,
    [JsonStringEnumMemberName("idle")] Idle,
    [JsonStringEnumMemberName("waiting")] Waiting,
    [JsonStringEnumMemberName("asleep")] Asleep,
    [JsonStringEnumMemberName("inoperative")] Inoperative,
    [JsonStringEnumMemberName("unknown")] Unknown,
    [JsonStringEnumMemberName("starting")] Starting,
}

/// <summary>Worker statuses, with their wire names.</summary>
[JsonConverter(typeof(WireEnumConverter<WorkerStatus>))]
public enum WorkerStatus
{
    [JsonStringEnumMemberName("starting")] Starting,
    [JsonStringEnumMemberName("awake")] Awake,
    [JsonStringEnumMemberName("asleep")] Asleep,
    [JsonStringEnumMemberName("error")] Error,
    [JsonStringEnumMemberName("testing")] Testing,
    [JsonStringEnumMemberName("offline")] Offline,
    [JsonStringEnumMemberName("restart")] Restart,
}

/// <summary>Wire names of the status enums, for messages; the names <see cref="WireEnumConverter{TEnum}"/> reads and writes.</summary>
public static class StatusNames
{
    public static string Of(JobStatus status) => WireEnumConverter<JobStatus>.NameOf(status);

    public static string Of(TaskStatus status) => WireEnumConverter<TaskStatus>.NameOf(status);

    public static string Of(WorkerStatus status) => WireEnumConverter<WorkerStatus>.NameOf(status);

    /// <summary>The worker status with this wire name (exact, lower-case), if any.</summary>
    public static bool TryParse(string? name, out WorkerStatus status) => WireEnumConverter<WorkerStatus>.TryParse(name, out status);
}
