using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Flamenco.Manager.Variables;

/// <summary>
/// Turns submitted paths back into <c>{name}</c> with the two-way variables of the submitter's platform (manager.md
/// §6.3 A): <c>/render/frames/x</c> becomes <c>{render}/frames/x</c>, so each worker later gets its own platform's
/// path. Matching ignores case and treats <c>/</c> and <c>\</c> alike, as upstream does; unlike upstream
/// (§9.3 Q13) the longest value wins and it must end at a path-component boundary, so <c>/render</c> leaves
/// <c>/renderfarm/x</c> alone. The rest of the string is kept verbatim.
/// </summary>
public sealed class TwoWayReplacer
{
    private readonly (string Name, string Value)[] _variables;

    internal TwoWayReplacer(IReadOnlyDictionary<string, ResolvedVariable> variables) =>
        _variables =
        [
            .. variables.Where(v => v.Value.IsTwoway && v.Value.Value.Length > 0)
                .OrderByDescending(v => v.Value.Value.Length).ThenBy(v => v.Key, StringComparer.Ordinal)
                .Select(v => (v.Key, v.Value.Value)),
        ];

    /// <summary><paramref name="value"/> with its variable prefix replaced by <c>{name}</c>, or the same instance.</summary>
    public string Replace(string value)
    {
        foreach (var (name, variableValue) in _variables)
        {
            if (PathText.StartsWithPath(value, variableValue, ignoreCase: true)) return "{" + name + "}" + value[variableValue.Length..];
        }
        return value;
    }

    /// <summary>The job's settings with every string-valued top-level setting replaced; other values untouched.</summary>
    public JsonElement ReplaceInSettings(JsonElement settings)
    {
        if (_variables.Length == 0 || settings.ValueKind != JsonValueKind.Object) return settings;
        if (!settings.EnumerateObject().Any(s => s.Value.ValueKind == JsonValueKind.String && !ReferenceEquals(Replace(s.Value.GetString()!), s.Value.GetString()))) return settings;

        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
        {
            writer.WriteStartObject();
            foreach (var setting in settings.EnumerateObject())
            {
                if (setting.Value.ValueKind == JsonValueKind.String) writer.WriteString(setting.Name, Replace(setting.Value.GetString()!));
                else setting.WriteTo(writer);
            }
            writer.WriteEndObject();
        }
        return JsonSerializer.Deserialize<JsonElement>(buffer.WrittenSpan);
    }

    /// <summary>The job's metadata with every value replaced.</summary>
    public Dictionary<string, string> ReplaceInMetadata(IReadOnlyDictionary<string, string> metadata) =>
        metadata.ToDictionary(m => m.Key, m => Replace(m.Value));

    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
}
