using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using Flamenco.Api;

namespace Flamenco.Manager.Api;

internal static class JsonSetup
{
    /// <summary>
    /// The wire rules Flamenco's clients need (reference/api-contract.md §0): no nulls (Python's client rejects them),
    /// integers stay integers (numbers in strings are refused), names as the spec spells them.
    /// </summary>
    public static void Configure(JsonSerializerOptions options)
    {
        options.PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower;
        options.DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull;
        options.NumberHandling = JsonNumberHandling.Strict;
        options.Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping;
        // Flamenco's enums carry their own strict converter; this makes our own (plugin states) as strict.
        options.Converters.Add(new WireEnumConverterFactory());
    }
}
