using System.Text.Json.Serialization;

namespace Flamenco.Api;

/// <summary>Where a task's log can be downloaded, and how big it is (<c>TaskLogInfo</c>).</summary>
public sealed record TaskLogInfo
{
    [JsonPropertyName("task_id")] public required string TaskId { get; init; }
    [JsonPropertyName("job_id")] public required string JobId { get; init; }

    /// <summary>Host-relative: <c>/job-files/job-1234/&lt;job id&gt;/task-&lt;task id&gt;.txt</c>.</summary>
    [JsonPropertyName("url")] public required string Url { get; init; }

    [JsonPropertyName("size")] public required long Size { get; init; }
}
