using System.Text.Json.Serialization;

namespace Flamenco.Api;

/// <summary>Flamenco's error body, used for every 4xx and 5xx answer.</summary>
public sealed record ApiError(
    [property: JsonPropertyName("code")] int Code,
    [property: JsonPropertyName("message")] string Message);

public sealed record FlamencoVersion
{
    [JsonPropertyName("version")] public required string Version { get; init; }
    [JsonPropertyName("shortversion")] public required string ShortVersion { get; init; }
    [JsonPropertyName("name")] public required string Name { get; init; }
    [JsonPropertyName("git")] public required string Git { get; init; }
}

public sealed record ManagerConfiguration
{
    [JsonPropertyName("storageLocation")] public required string StorageLocation { get; init; }
    [JsonPropertyName("shamanEnabled")] public required bool ShamanEnabled { get; init; }
    [JsonPropertyName("isFirstRun")] public required bool IsFirstRun { get; init; }
}

public sealed record FarmStatusReport
{
    [JsonPropertyName("status")] public required FarmStatus Status { get; init; }
}

/// <summary>One entry of <c>ManagerVariables</c> (a map from name to this).</summary>
public sealed record ManagerVariable
{
    [JsonPropertyName("value")] public required string Value { get; init; }
    [JsonPropertyName("is_twoway")] public required bool IsTwoway { get; init; }
}

public sealed record SharedStorageLocation
{
    [JsonPropertyName("location")] public required string Location { get; init; }
    /// <summary><c>workers</c> or <c>users</c> (<c>ManagerVariableAudience</c>).</summary>
    [JsonPropertyName("audience")] public required string Audience { get; init; }
    [JsonPropertyName("platform")] public required string Platform { get; init; }
    [JsonPropertyName("shamanEnabled")] public required bool ShamanEnabled { get; init; }
}
