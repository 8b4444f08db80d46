using System.Text.Json.Serialization;

namespace Flamenco.Api;

/// <summary>What deleting a job would remove besides the job, its tasks, logs and last-rendered images (<c>JobDeletionInfo</c>).</summary>
public sealed record JobDeletionInfo
{
    [JsonPropertyName("shaman_checkout")] public required bool ShamanCheckout { get; init; }
}

/// <summary>Which jobs a mass deletion marks (<c>JobMassDeletionSelection</c>).</summary>
public sealed record JobMassDeletionSelection
{
    [JsonPropertyName("last_updated_max")] public DateTimeOffset? LastUpdatedMax { get; init; }
}
