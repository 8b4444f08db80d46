using System.Text.Json;

namespace Flamenco.Plugins.JobTypes;

/// <summary>A submitted job as a job type sees it while compiling.</summary>
public sealed record JobToCompile
{
    /// <summary>The id the job will be stored under.</summary>
    public required Guid Id { get; init; }

    /// <summary>The job's name as submitted.</summary>
    public required string Name { get; init; }

    /// <summary>The job type's name.</summary>
    public required string JobType { get; init; }

    /// <summary>Job priority, 0–100.</summary>
    public required int Priority { get; init; }

    /// <summary>When compilation started, on the Manager's clock.</summary>
    public required DateTimeOffset Created { get; init; }

    /// <summary>The job's settings: a JSON object.</summary>
    public required JsonElement Settings { get; init; }

    /// <summary>The job's metadata.</summary>
    public IReadOnlyDictionary<string, string> Metadata { get; init; } = new Dictionary<string, string>();

    /// <summary>The worker tag id, or empty when the job may run on any worker.</summary>
    public string WorkerTagId { get; init; } = "";

    /// <summary>The Shaman checkout the job's files were uploaded to, or empty.</summary>
    public string ShamanCheckoutId { get; init; } = "";

    /// <summary>The platform the job was submitted from.</summary>
    public string SubmitterPlatform { get; init; } = "";
}
