using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Flamenco.Worker.ManagerApi;

/// <summary>
/// The Manager's wire rules (its <c>JsonSetup</c>): no nulls (Flamenco's fields are <c>omitempty</c>), integers stay
/// integers, names as the spec spells them (the DTOs carry them).
/// </summary>
internal static class ManagerJson
{
    public static JsonSerializerOptions Options { get; } = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        NumberHandling = JsonNumberHandling.Strict,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };
}
