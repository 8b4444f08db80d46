using System.Text.Json;
using System.Text.Json.Serialization;

namespace Flamenco.Api;

public sealed record AvailableJobTypes
{
    [JsonPropertyName("job_types")] public required IReadOnlyList<AvailableJobType> JobTypes { get; init; }
}

public sealed record AvailableJobType
{
    [JsonPropertyName("name")] public required string Name { get; init; }
    [JsonPropertyName("label")] public required string Label { get; init; }
    [JsonPropertyName("description")] public string? Description { get; init; }
    [JsonPropertyName("settings")] public required IReadOnlyList<AvailableJobSetting> Settings { get; init; }
    [JsonPropertyName("etag")] public required string Etag { get; init; }
}

/// <summary>
/// One job-type setting. Absent members are omitted, never sent as false: the add-on treats a missing
/// <c>editable</c> as editable.
/// </summary>
public sealed record AvailableJobSetting
{
    [JsonPropertyName("key")] public required string Key { get; init; }
    [JsonPropertyName("type")] public required string Type { get; init; }
    [JsonPropertyName("subtype")] public string? Subtype { get; init; }
    [JsonPropertyName("choices")] public IReadOnlyList<string>? Choices { get; init; }
    [JsonPropertyName("propargs")] public JsonElement? Propargs { get; init; }
    [JsonPropertyName("description")] public JsonElement? Description { get; init; }
    [JsonPropertyName("label")] public JsonElement? Label { get; init; }
    [JsonPropertyName("default")] public JsonElement? Default { get; init; }
    [JsonPropertyName("eval")] public string? Eval { get; init; }
    [JsonPropertyName("evalInfo")] public AvailableJobSettingEvalInfo? EvalInfo { get; init; }
    [JsonPropertyName("visible")] public string? Visible { get; init; }
    [JsonPropertyName("required")] public bool? Required { get; init; }
    [JsonPropertyName("editable")] public bool? Editable { get; init; }
}

public sealed record AvailableJobSettingEvalInfo
{
    [JsonPropertyName("showLinkButton")] public required bool ShowLinkButton { get; init; }
    [JsonPropertyName("description")] public required string Description { get; init; }
}
