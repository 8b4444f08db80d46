using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Flamenco.Plugins.JobCompilers.CSharp.Authoring;

/// <summary>
/// A job's settings as submitted (the Manager applies no defaults, as in Flamenco). The getters return null for a
/// setting that is absent or null, so a job type says what that means: <c>job.Settings.GetInt("repeats") ?? 1</c>.
/// Changes are kept as the job's settings.
/// </summary>
public sealed class JobSettings
{
    private readonly JsonObject _values;

    internal JobSettings(JsonObject values) => _values = values;

    /// <summary>The raw JSON value of a setting, or null; setting it stores any JSON-able value.</summary>
    public JsonNode? this[string key]
    {
        get => _values[key];
        set => _values[key] = value?.DeepClone();
    }

    /// <summary>The keys present, in submission order.</summary>
    public IEnumerable<string> Keys => _values.Select(p => p.Key);

    /// <summary>Whether the setting is present and not null.</summary>
    public bool Has(string key) => _values[key] is not null;

    /// <summary>A string setting; numbers and booleans are read as their JSON text.</summary>
    public string? GetString(string key) => _values[key] switch
    {
        null => null,
        JsonValue value when value.GetValueKind() == JsonValueKind.String => value.GetValue<string>(),
        JsonValue value => value.ToJsonString(),
        _ => throw Wrong(key, "a string"),
    };

    /// <summary>A whole-number setting.</summary>
    /// <exception cref="FormatException">The setting holds something else, e.g. <c>2.5</c> or text.</exception>
    public int? GetInt(string key) => GetDouble(key) switch
    {
        null => null,
        var number when number == Math.Floor(number.Value) && number is >= int.MinValue and <= int.MaxValue => (int)number.Value,
        _ => throw Wrong(key, "a whole number"),
    };

    /// <summary>A number setting.</summary>
    /// <exception cref="FormatException">The setting holds something other than a number.</exception>
    public double? GetDouble(string key) => _values[key] switch
    {
        null => null,
        JsonValue value when value.GetValueKind() == JsonValueKind.Number => double.Parse(value.ToJsonString(), CultureInfo.InvariantCulture),
        _ => throw Wrong(key, "a number"),
    };

    /// <summary>A boolean setting.</summary>
    /// <exception cref="FormatException">The setting holds something other than true or false.</exception>
    public bool? GetBool(string key) => _values[key] switch
    {
        null => null,
        JsonValue value when value.GetValueKind() is JsonValueKind.True or JsonValueKind.False => value.GetValue<bool>(),
        _ => throw Wrong(key, "true or false"),
    };

    /// <summary>Stores <paramref name="value"/> (a string, number, bool, list, anonymous object, …) under <paramref name="key"/>.</summary>
    public void Set(string key, object? value) => _values[key] = JsonValues.ToNode(value, $"setting \"{key}\"");

    /// <summary>Removes a setting; returns whether it was there.</summary>
    public bool Remove(string key) => _values.Remove(key);

    internal JsonElement ToElement() => JsonValues.ToElement(_values);

    private FormatException Wrong(string key, string expected) =>
        new($"setting \"{key}\" must be {expected}, not {_values[key]?.ToJsonString()}");
}
