using Flamenco.Api;

namespace Flamenco.Manager.Jobs;

/// <summary>A stored job. Settings are kept as the JSON text the job type left them in.</summary>
public sealed class Job
{
    public Guid Id { get; set; }
    public string Name { get; set; } = "";
    public string Type { get; set; } = "";
    public string? TypeEtag { get; set; }
    public int Priority { get; set; }
    public JobStatus Status { get; set; }
    public string Activity { get; set; } = "";
    public DateTimeOffset Created { get; set; }
    public DateTimeOffset Updated { get; set; }
    public string SettingsJson { get; set; } = "{}";
    public Dictionary<string, string> Metadata { get; set; } = [];
    public string SubmitterPlatform { get; set; } = "";
    public string? ShamanCheckoutId { get; set; }
    public Guid? WorkerTagId { get; set; }
    public JobStatus? InitialStatus { get; set; }
    public int StepsCompleted { get; set; }
    public int StepsTotal { get; set; }

    /// <summary>The job's tasks per status, maintained by <see cref="JobStateMachine"/>.</summary>
    public TaskStatusCounts TaskCounts { get; set; } = new();

    public DateTimeOffset? DeleteRequestedAt { get; set; }

    /// <summary>Workers that may no longer run tasks of a type on this job, after failing too many of them.</summary>
    public List<BlocklistEntry> Blocklist { get; set; } = [];
}

/// <summary>A worker blocked from one task type of one job.</summary>
public sealed class BlocklistEntry
{
    public Guid WorkerId { get; set; }
    public string TaskType { get; set; } = "";
    public DateTimeOffset Created { get; set; }
}
