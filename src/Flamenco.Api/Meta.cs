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

/// <summary>A path to check: a shared storage folder, or a Blender command or executable (<c>PathCheckInput</c>).</summary>
public sealed record PathCheckInput
{
    [JsonPropertyName("path")] public string? Path { get; init; }
}

/// <summary>Whether a path can be the shared storage, and why (<c>PathCheckResult</c>).</summary>
public sealed record PathCheckResult
{
    [JsonPropertyName("path")] public required string Path { get; init; }
    [JsonPropertyName("is_usable")] public required bool IsUsable { get; init; }
    [JsonPropertyName("cause")] public required string Cause { get; init; }
}

/// <summary>How a Blender was found (<c>BlenderPathSource</c>).</summary>
[JsonConverter(typeof(WireEnumConverter<BlenderPathSource>))]
public enum BlenderPathSource
{
    [JsonStringEnumMemberName("file_association")] FileAssociation,
    [JsonStringEnumMemberName("path_envvar")] PathEnvvar,
    [JsonStringEnumMemberName("system_location")] SystemLocation,
    [JsonStringEnumMemberName("input_path")] InputPath,
    [JsonStringEnumMemberName("default")] Default,
}

/// <summary>A Blender found or checked, and whether it runs (<c>BlenderPathCheckResult</c>).</summary>
public sealed record BlenderPathCheckResult
{
    [JsonPropertyName("input")] public required string Input { get; init; }
    [JsonPropertyName("path")] public required string Path { get; init; }
    [JsonPropertyName("source")] public required BlenderPathSource Source { get; init; }
    [JsonPropertyName("is_usable")] public required bool IsUsable { get; init; }
    [JsonPropertyName("cause")] public required string Cause { get; init; }
}

/// <summary>The setup assistant's answers (<c>SetupAssistantConfig</c>).</summary>
public sealed record SetupAssistantConfig
{
    [JsonPropertyName("storageLocation")] public string? StorageLocation { get; init; }
    [JsonPropertyName("blenderExecutable")] public BlenderPathCheckResult? BlenderExecutable { get; init; }
}
