using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;
using Flamenco.Api;

namespace Flamenco.Manager.Variables;

/// <summary>
/// Expands variables for one audience and platform the way Flamenco does when it hands a task to a worker
/// (manager.md §6.3 B), in a fixed order where upstream iterates a Go map: one-way variables by name, then two-way
/// variables by name, then the longest matching Manager-platform value. Made by <see cref="VariableTables"/>;
/// immutable and shared between threads.
/// </summary>
public sealed class VariableExpander
{
    private readonly (string Placeholder, string Value)[] _oneWay;
    private readonly (string Placeholder, string Value)[] _twoWay;
    private readonly (string ManagerValue, string TargetValue)[] _managerToTarget;

    internal VariableExpander(string platform, IReadOnlyDictionary<string, ResolvedVariable> target, IReadOnlyDictionary<string, ResolvedVariable> manager)
    {
        Platform = platform;
        _oneWay = [.. target.Where(v => !v.Value.IsTwoway).Select(v => ("{" + v.Key + "}", v.Value.Value))];
        _twoWay = [.. target.Where(v => v.Value.IsTwoway).Select(v => ("{" + v.Key + "}", v.Value.Value))];
        _managerToTarget =
        [
            .. manager
                .Where(m => m.Value.IsTwoway && m.Value.Value.Length > 0 && target.TryGetValue(m.Key, out var t) && t.IsTwoway)
                .OrderByDescending(m => m.Value.Value.Length).ThenBy(m => m.Key, StringComparer.Ordinal)
                .Select(m => (m.Value.Value, target[m.Key].Value)),
        ];
    }

    /// <summary>The platform values are expanded for (empty for a platform no variable mentions).</summary>
    public string Platform { get; }

    /// <summary>
    /// <paramref name="value"/> with <c>{name}</c> replaced and Manager-platform paths mapped to this platform; the
    /// same instance when nothing changed. Only a string that involved a two-way variable gets its separators
    /// normalised, so expressions like <c>pad=ceil(iw/2)*2</c> keep their slashes. Unknown <c>{names}</c> stay.
    /// </summary>
    public string Expand(string value)
    {
        var expanded = value;
        var isPath = false;
        if (value.Contains('{'))
        {
            foreach (var (placeholder, replacement) in _oneWay) expanded = expanded.Replace(placeholder, replacement, StringComparison.Ordinal);
            foreach (var (placeholder, replacement) in _twoWay)
            {
                if (!expanded.Contains(placeholder, StringComparison.Ordinal)) continue;
                expanded = expanded.Replace(placeholder, replacement, StringComparison.Ordinal);
                isPath = true;
            }
        }
        // Values already in the Manager's notation (the implicit {jobs}, or a one-way variable set to a Manager
        // path) become the worker's. Unlike upstream, only at a path-component boundary (§9.3 Q13).
        foreach (var (managerValue, targetValue) in _managerToTarget)
        {
            if (!PathText.StartsWithPath(expanded, managerValue, ignoreCase: false)) continue;
            expanded = targetValue + expanded[managerValue.Length..];
            isPath = true;
            break;
        }
        return isPath ? PathText.ToPlatform(expanded, Platform) : expanded;
    }

    /// <summary>
    /// A task's stored commands (<c>JobTask.CommandsJson</c>) with every string parameter and every string item of a
    /// list parameter expanded. Parameter names, nested objects and other values are left as they are, and a
    /// command whose parameters do not change keeps its parsed parameters.
    /// </summary>
    public IReadOnlyList<Command> ExpandCommands(string commandsJson)
    {
        var commands = JsonSerializer.Deserialize<List<Command>>(commandsJson)!;
        for (var i = 0; i < commands.Count; i++)
        {
            if (ExpandParameters(commands[i].Parameters) is { } expanded) commands[i] = commands[i] with { Parameters = expanded };
        }
        return commands;
    }

    private JsonElement? ExpandParameters(JsonElement parameters)
    {
        if (parameters.ValueKind != JsonValueKind.Object || !AnyChanges(parameters)) return null;

        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
        {
            writer.WriteStartObject();
            foreach (var parameter in parameters.EnumerateObject())
            {
                switch (parameter.Value.ValueKind)
                {
                    case JsonValueKind.String:
                        writer.WriteString(parameter.Name, Expand(parameter.Value.GetString()!));
                        break;
                    case JsonValueKind.Array:
                        writer.WriteStartArray(parameter.Name);
                        foreach (var item in parameter.Value.EnumerateArray())
                        {
                            if (item.ValueKind == JsonValueKind.String) writer.WriteStringValue(Expand(item.GetString()!));
                            else item.WriteTo(writer);
                        }
                        writer.WriteEndArray();
                        break;
                    default:
                        parameter.WriteTo(writer);
                        break;
                }
            }
            writer.WriteEndObject();
        }
        return JsonSerializer.Deserialize<JsonElement>(buffer.WrittenSpan);
    }

    private bool AnyChanges(JsonElement parameters)
    {
        foreach (var parameter in parameters.EnumerateObject())
        {
            var value = parameter.Value;
            if (value.ValueKind == JsonValueKind.String && Changes(value)) return true;
            if (value.ValueKind != JsonValueKind.Array) continue;
            foreach (var item in value.EnumerateArray())
            {
                if (item.ValueKind == JsonValueKind.String && Changes(item)) return true;
            }
        }
        return false;
    }

    private bool Changes(JsonElement text)
    {
        var value = text.GetString()!;
        return !ReferenceEquals(Expand(value), value);
    }

    // The worker gets paths with non-ASCII characters as they are, like the stored commands.
    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
}
