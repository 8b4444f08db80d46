using Microsoft.Extensions.Logging;

namespace Flamenco.Plugins.JobTypes;

/// <summary>What a compile may use from the host.</summary>
public sealed record JobCompileContext
{
    /// <summary>Where the job type's <c>print</c>/<c>alert</c> output goes.</summary>
    public required ILogger Logger { get; init; }

    /// <summary>Time zone of <c>formatTimestampLocal</c>: the Manager's local zone.</summary>
    public TimeZoneInfo TimeZone { get; init; } = TimeZoneInfo.Local;

    /// <summary>The Manager's platform (<c>linux</c>, <c>windows</c>, <c>darwin</c>), for <c>process.platform</c>.</summary>
    public string Platform { get; init; } = Authoring.HostPlatform.Name;

    /// <summary>Flamenco.Manager's default for <see cref="MaxTasks"/> (its <c>max_tasks_per_job</c> key).</summary>
    public const int DefaultMaxTasks = 1_000_000;

    /// <summary>
    /// Most tasks the job may have. A compiler refuses (with a <see cref="JobTypeException"/> naming the limit) as soon
    /// as a job would go past it, before building what would not be kept: the frame chunker counts its chunks first,
    /// and each task made counts. The Manager checks the result again, so a compiler that ignores this still cannot
    /// store a bigger job, but it can take a lot of time and memory to find out.
    /// </summary>
    public int MaxTasks { get; init; } = DefaultMaxTasks;

    /// <summary>Fires when the submission is abandoned; a compile must then stop.</summary>
    public CancellationToken CancellationToken { get; init; }
}
