using System.Collections;
using System.Globalization;
using System.Reflection;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Flamenco.Plugins.JobCompilers.CSharp.Authoring;

/// <summary>
/// Turns what a job type hands over (anonymous objects, dictionaries, lists, numbers, JSON nodes) into JSON, the way
/// the JavaScript compiler exports values: whole numbers as integers, so <c>24.0</c> is stored as <c>24</c>.
/// </summary>
/// <remarks>
/// Written by hand rather than with <see cref="JsonSerializer"/>: the serializer caches metadata of every type it
/// sees in shared caches, which would keep each job type's collectible load context alive forever.
/// </remarks>
internal static class JsonValues
{
    private const int MaxDepth = 64;

    /// <summary>Serializes only JSON nodes (never job-type types), so caching its metadata holds nothing collectible.</summary>
    private static readonly JsonSerializerOptions NodeOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>The value as a JSON node; <paramref name="what"/> names it in errors, e.g. <c>parameter "args"</c>.</summary>
    /// <exception cref="ArgumentException">The value (or something inside it) cannot be stored as JSON.</exception>
    public static JsonNode? ToNode(object? value, string what) => ToNode(value, what, 0);

    /// <summary>How <c>Print</c> shows a value: text as it is, numbers in invariant culture, objects and lists as JSON.</summary>
    public static string Display(object value)
    {
        switch (value)
        {
            case string text: return text;
            case bool flag: return flag ? "true" : "false";
            case IFormattable formattable: return formattable.ToString(null, CultureInfo.InvariantCulture);
        }
        try
        {
            return ToNode(value, "value")?.ToJsonString(NodeOptions) ?? "null";
        }
        catch (ArgumentException)
        {
            // Not JSON-able (a delegate, a cycle): its own string form is the best there is.
            return value.ToString() ?? "";
        }
    }

    public static JsonElement ToElement(JsonNode? node) => JsonSerializer.SerializeToElement(node, NodeOptions);

    private static JsonNode? ToNode(object? value, string what, int depth)
    {
        if (depth > MaxDepth) throw new ArgumentException($"{what} nests deeper than {MaxDepth} levels (a cycle?)");
        return value switch
        {
            null => null,
            JsonNode node => node.DeepClone(),
            JsonElement element => JsonNode.Parse(element.GetRawText()),
            string text => JsonValue.Create(text),
            char character => JsonValue.Create(character.ToString()),
            bool flag => JsonValue.Create(flag),
            byte or sbyte or short or ushort or int or uint or long => JsonValue.Create(Convert.ToInt64(value, CultureInfo.InvariantCulture)),
            ulong number => JsonValue.Create(number),
            float or double or decimal => Number(Convert.ToDouble(value, CultureInfo.InvariantCulture), what),
            Enum => JsonValue.Create(value.ToString()),
            Guid id => JsonValue.Create(id.ToString("D")),
            DateTimeOffset time => JsonValue.Create(time.ToString("O", CultureInfo.InvariantCulture)),
            IDictionary dictionary => Object(dictionary, what, depth),
            IEnumerable items => Array(items, what, depth),
            Delegate => throw new ArgumentException($"{what} is a function, which cannot be stored as JSON"),
            _ => Properties(value, what, depth),
        };
    }

    private static JsonValue Number(double number, string what)
    {
        if (!double.IsFinite(number)) throw new ArgumentException($"{what} is {number}, which cannot be stored as JSON");
        return number == Math.Floor(number) && Math.Abs(number) < 9.2e18 ? JsonValue.Create((long)number) : JsonValue.Create(number);
    }

    private static JsonObject Object(IDictionary dictionary, string what, int depth)
    {
        var result = new JsonObject();
        foreach (DictionaryEntry entry in dictionary)
        {
            var key = Convert.ToString(entry.Key, CultureInfo.InvariantCulture) ?? "";
            result[key] = ToNode(entry.Value, $"{what}.{key}", depth + 1);
        }
        return result;
    }

    private static JsonArray Array(IEnumerable items, string what, int depth)
    {
        var result = new JsonArray();
        var index = 0;
        foreach (var item in items) result.Add(ToNode(item, $"{what}[{index++}]", depth + 1));
        return result;
    }

    /// <summary>An object's public properties by their names, as an anonymous object <c>new { message = "hi" }</c> reads.</summary>
    private static JsonObject Properties(object value, string what, int depth)
    {
        var result = new JsonObject();
        foreach (var property in value.GetType().GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            if (property.GetIndexParameters().Length > 0 || !property.CanRead) continue;
            result[property.Name] = ToNode(property.GetValue(value), $"{what}.{property.Name}", depth + 1);
        }
        return result;
    }
}
