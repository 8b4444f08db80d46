using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Flamenco.Api;

/// <summary>
/// Enums as Flamenco's generated server reads them: a JSON string equal to one wire name, nothing else. System.Text.Json's
/// own enum converter also takes numbers (<c>"status": 5</c>), other letter case and surrounding spaces, so a mistyped
/// status became a real one. A refusal lists the allowed names; the deserializer adds the field's path.
/// </summary>
public sealed class WireEnumConverter<TEnum> : JsonConverter<TEnum> where TEnum : struct, Enum
{
    /// <summary>Wire name of each value: its <see cref="JsonStringEnumMemberNameAttribute"/>, else its name in snake_case.</summary>
    private static readonly IReadOnlyList<(TEnum Value, string Name)> Names =
        [.. Enum.GetValues<TEnum>().Select(value => (value, WireName(value)))];

    private static readonly string Allowed = string.Join(", ", Names.Select(n => $"\"{n.Name}\""));

    /// <summary>The value's wire name.</summary>
    public static string NameOf(TEnum value) =>
        Names.FirstOrDefault(n => EqualityComparer<TEnum>.Default.Equals(n.Value, value)).Name
            ?? throw new ArgumentOutOfRangeException(nameof(value), value, $"not a {typeof(TEnum).Name}");

    /// <summary>The value with exactly this wire name, if any.</summary>
    public static bool TryParse(string? name, out TEnum value)
    {
        foreach (var (candidate, candidateName) in Names)
        {
            if (candidateName == name)
            {
                value = candidate;
                return true;
            }
        }
        value = default;
        return false;
    }

    public override TEnum Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType == JsonTokenType.String)
        {
            foreach (var (value, name) in Names)
            {
                if (reader.ValueTextEquals(name)) return value;
            }
        }
        var got = reader.TokenType == JsonTokenType.String ? $"\"{reader.GetString()}\"" : $"a {reader.TokenType.ToString().ToLowerInvariant()}";
        throw new JsonException($"expected one of {Allowed}, got {got}");
    }

    public override void Write(Utf8JsonWriter writer, TEnum value, JsonSerializerOptions options) =>
        writer.WriteStringValue(NameOf(value));

    private static string WireName(TEnum value) =>
        typeof(TEnum).GetField(value.ToString())!.GetCustomAttribute<JsonStringEnumMemberNameAttribute>()?.Name
            ?? JsonNamingPolicy.SnakeCaseLower.ConvertName(value.ToString());
}

/// <summary>
/// <see cref="WireEnumConverter{TEnum}"/> for every enum without a converter of its own (the Manager's own enums, such
/// as plugin states).
/// </summary>
public sealed class WireEnumConverterFactory : JsonConverterFactory
{
    public override bool CanConvert(Type typeToConvert) => typeToConvert.IsEnum;

    public override JsonConverter CreateConverter(Type typeToConvert, JsonSerializerOptions options) =>
        (JsonConverter)Activator.CreateInstance(typeof(WireEnumConverter<>).MakeGenericType(typeToConvert))!;
}
