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

    /// <summary>Fires when the submission is abandoned; a compile must then stop.</summary>
    public CancellationToken CancellationToken { get; init; }
}
