using System.Text.Json.Serialization;

namespace Flamenco.Api;

/// <summary>
/// A file of a Shaman checkout (<c>ShamanFileSpec</c>). All three are required by the spec; they are nullable here so
/// that a request missing one is answered with the field's name rather than a serializer message.
/// </summary>
public sealed record ShamanFileSpec
{
    [JsonPropertyName("sha")] public string? Sha { get; init; }
    [JsonPropertyName("size")] public long? Size { get; init; }
    [JsonPropertyName("path")] public string? Path { get; init; }
}

/// <summary><c>ShamanFileSpecWithStatus</c>: a file the client still has to upload.</summary>
public sealed record ShamanFileSpecWithStatus
{
    [JsonPropertyName("sha")] public required string Sha { get; init; }
    [JsonPropertyName("size")] public required long Size { get; init; }
    [JsonPropertyName("path")] public required string Path { get; init; }
    [JsonPropertyName("status")] public required ShamanFileStatus Status { get; init; }
}

public sealed record ShamanRequirementsRequest
{
    [JsonPropertyName("files")] public IReadOnlyList<ShamanFileSpec>? Files { get; init; }
}

public sealed record ShamanRequirementsResponse
{
    [JsonPropertyName("files")] public required IReadOnlyList<ShamanFileSpecWithStatus> Files { get; init; }
}

/// <summary><c>ShamanCheckout</c>. Note the camelCase <c>checkoutPath</c>, as the spec spells it.</summary>
public sealed record ShamanCheckout
{
    [JsonPropertyName("files")] public IReadOnlyList<ShamanFileSpec>? Files { get; init; }
    [JsonPropertyName("checkoutPath")] public string? CheckoutPath { get; init; }
}

public sealed record ShamanCheckoutResult
{
    [JsonPropertyName("checkoutPath")] public required string CheckoutPath { get; init; }
}

public sealed record ShamanSingleFileStatus
{
    [JsonPropertyName("status")] public required ShamanFileStatus Status { get; init; }
}

[JsonConverter(typeof(WireEnumConverter<ShamanFileStatus>))]
public enum ShamanFileStatus
{
    [JsonStringEnumMemberName("unknown")] Unknown,
    [JsonStringEnumMemberName("uploading")] Uploading,
    [JsonStringEnumMemberName("stored")] Stored,
}
