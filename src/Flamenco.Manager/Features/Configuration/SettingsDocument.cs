using System.Collections;
using System.Globalization;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using Flamenco.Manager.Hosting;
using Flamenco.Manager.Variables;
using Flamenco.Plugins.Authoring;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;
using YamlDotNet.RepresentationModel;

namespace Flamenco.Manager.Features.Configuration;

/// <summary>
/// The Manager's settings as one document with Flamenco's key names (the <c>[ConfigurationKeyName]</c> of
/// <see cref="ManagerOptions"/>), as JSON for <c>/api/v3/configuration/file</c> and as YAML for
/// <c>flamenco-manager.yaml</c>. Walking the options type itself means a key added to <see cref="ManagerOptions"/>
/// is served, checked and written without a second list of keys to keep in step.
/// </summary>
public static class SettingsDocument
{
    /// <summary>Flamenco's <c>_meta.version</c>: the configuration format this file follows.</summary>
    public const int FormatVersion = 3;

    private const string MetaKey = "_meta";

    /// <summary>The settings as a JSON object, <c>_meta.version</c> first; unset (null) values are left out.</summary>
    public static JsonObject ToJson(ManagerOptions options)
    {
        var settings = (JsonObject)ToNode(options)!;
        var document = new JsonObject { [MetaKey] = new JsonObject { ["version"] = FormatVersion } };
        foreach (var name in settings.Select(p => p.Key).ToList())
        {
            var value = settings[name];
            settings.Remove(name);
            document[name] = value;
        }
        return document;
    }

    /// <summary>
    /// Checks a submitted document against the settings' shape: only known keys, each of the type its setting has
    /// (strictly: <c>"3"</c> is not a number, <c>1</c> not a duration), then binds it exactly as
    /// <c>flamenco-manager.yaml</c> is bound at start and checks the values. Returns the settings, or the first
    /// problem naming its key (Flamenco's dotted notation, e.g. <c>shaman.garbageCollect.period</c>).
    /// </summary>
    public static (ManagerOptions? Settings, string? Problem) Parse(JsonNode? document)
    {
        if (document is not JsonObject root) return (null, $"the configuration must be a JSON object, got {KindOf(document)}");
        var settings = new JsonObject();
        foreach (var (name, value) in root)
        {
            if (name == MetaKey)
            {
                if (value is not JsonObject meta || meta.Count != 1 || meta["version"] is not JsonValue version
                    || !version.TryGetValue<int>(out var number) || number != FormatVersion)
                {
                    return (null, $"{MetaKey}: must be {{\"version\": {FormatVersion}}}, the configuration format this Manager reads");
                }
                continue;
            }
            settings[name] = value?.DeepClone();
        }
        if (ShapeProblem(settings, typeof(ManagerOptions), "", nullable: false) is { } problem) return (null, problem);

        var keys = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        Flatten(settings, null, keys);
        var bound = new ConfigurationBuilder().AddInMemoryCollection(keys).Build().Get<ManagerOptions>() ?? new ManagerOptions();
        return ValueProblem(bound) is { } invalid ? (null, invalid) : (bound, null);
    }

    /// <summary>The document as YAML, in the shape Flamenco writes <c>flamenco-manager.yaml</c>: strings quoted, so none is read back as a number or boolean.</summary>
    public static string ToYaml(JsonObject document)
    {
        var stream = new YamlStream(new YamlDocument(ToYamlNode(document)));
        using var writer = new StringWriter(CultureInfo.InvariantCulture);
        stream.Save(writer, assignAnchors: false);
        // YamlDotNet ends a document with "...", which Flamenco's reader accepts but nobody writes by hand.
        var text = writer.ToString();
        return text.EndsWith("...\n", StringComparison.Ordinal) ? text[..^4] : text;
    }

    /// <summary>
    /// The keys, in Flamenco's dotted notation, whose values differ between <paramref name="before"/> and
    /// <paramref name="after"/> (a whole section for maps and lists, e.g. <c>variables</c>).
    /// </summary>
    public static IReadOnlyList<string> ChangedKeys(ManagerOptions before, ManagerOptions after)
    {
        var old = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        var @new = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        Flatten(ToNode(before), null, old);
        Flatten(ToNode(after), null, @new);
        return old.Keys.Union(@new.Keys, StringComparer.OrdinalIgnoreCase)
            .Where(k => old.GetValueOrDefault(k) != @new.GetValueOrDefault(k))
            .Select(k => k.Replace(':', '.'))
            .Order(StringComparer.Ordinal)
            .ToList();
    }

    private static JsonNode? ToNode(object? value) => value switch
    {
        null => null,
        string text => JsonValue.Create(text),
        bool flag => JsonValue.Create(flag),
        int number => JsonValue.Create(number),
        long number => JsonValue.Create(number),
        FlamencoDuration duration => JsonValue.Create(duration.ToString()),
        IDictionary map => new JsonObject(map.Keys.Cast<string>().Order(StringComparer.Ordinal)
            .Select(k => KeyValuePair.Create(k, ToNode(map[k])))),
        IList list => new JsonArray([.. list.Cast<object?>().Select(ToNode)]),
        _ => new JsonObject(Settings(value.GetType())
            .Select(s => KeyValuePair.Create(s.Name, ToNode(s.Property.GetValue(value))))
            .Where(p => p.Value is not null)),
    };

    /// <summary>The bindable properties of a settings class, by their configuration key.</summary>
    private static IEnumerable<(string Name, PropertyInfo Property)> Settings(Type type) =>
        type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.CanWrite && p.GetCustomAttribute<ConfigurationKeyNameAttribute>() is not null)
            .Select(p => (p.GetCustomAttribute<ConfigurationKeyNameAttribute>()!.Name, p));

    private static string? ShapeProblem(JsonNode? node, Type type, string key, bool nullable)
    {
        if (node is null) return nullable ? null : $"{key}: must be {Expected(type)}, got null";
        if (type == typeof(string)) return node.GetValueKind() == JsonValueKind.String ? null : $"{key}: must be a string, got {KindOf(node)}";
        if (type == typeof(bool)) return node.GetValueKind() is JsonValueKind.True or JsonValueKind.False ? null : $"{key}: must be true or false, got {KindOf(node)}";
        if (type == typeof(int) || type == typeof(long))
        {
            var whole = node is JsonValue value && (type == typeof(int) ? value.TryGetValue<int>(out _) : value.TryGetValue<long>(out _));
            return whole ? null : $"{key}: must be {Expected(type)}, got {KindOf(node)}";
        }
        if (type == typeof(FlamencoDuration))
        {
            if (node.GetValueKind() != JsonValueKind.String) return $"{key}: must be a duration such as \"10m\" or \"1m30s\", got {KindOf(node)}";
            if (!FlamencoDuration.TryParse(node.GetValue<string>(), out var duration, out var problem)) return $"{key}: {problem}";
            return duration.Value < TimeSpan.Zero ? $"{key}: must not be negative, got {node.GetValue<string>()}" : null;
        }
        if (type.IsGenericType && type.GetGenericTypeDefinition() == typeof(Dictionary<,>))
        {
            if (node is not JsonObject map) return $"{key}: must be an object (a map by name), got {KindOf(node)}";
            foreach (var (name, item) in map)
            {
                if (name.Length == 0 || name.IndexOfAny([':', '{', '}', '.']) >= 0) return $"{key}: \"{name}\" is not a usable name (it must not be empty or contain : . {{ or }})";
                if (ShapeProblem(item, type.GetGenericArguments()[1], $"{key}.{name}", nullable: false) is { } problem) return problem;
            }
            return null;
        }
        if (type.IsGenericType && type.GetGenericTypeDefinition() == typeof(List<>))
        {
            if (node is not JsonArray list) return $"{key}: must be a list, got {KindOf(node)}";
            for (var i = 0; i < list.Count; i++)
            {
                if (ShapeProblem(list[i], type.GetGenericArguments()[0], $"{key}[{i}]", nullable: false) is { } problem) return problem;
            }
            return null;
        }
        if (node is not JsonObject section) return $"{(key.Length == 0 ? "the configuration" : key)}: must be an object, got {KindOf(node)}";
        var settings = Settings(type).ToDictionary(s => s.Name, s => s.Property, StringComparer.Ordinal);
        foreach (var (name, item) in section)
        {
            var path = key.Length == 0 ? name : $"{key}.{name}";
            if (!settings.TryGetValue(name, out var property))
            {
                return $"{path}: unknown setting; {(key.Length == 0 ? "the" : key)} settings are {string.Join(", ", settings.Keys.Order(StringComparer.Ordinal))}";
            }
            // Only a setting declared nullable (shortversion, a variable value's platform) may be null: for the others
            // null would silently keep the default.
            var nullableSetting = new NullabilityInfoContext().Create(property).WriteState == NullabilityState.Nullable;
            if (ShapeProblem(item, property.PropertyType, path, nullableSetting) is { } problem) return problem;
        }
        return null;
    }

    /// <summary>Values a well-shaped document can still get wrong; each would stop or break the Manager at its next start.</summary>
    private static string? ValueProblem(ManagerOptions settings)
    {
        if (ListenProblem(settings.Listen) is { } listen) return $"listen: {listen}";
        foreach (var (key, value) in new[] { ("manager_name", settings.ManagerName), ("data_folder", settings.DataFolder), ("database", settings.Database), ("local_manager_storage_path", settings.LocalManagerStoragePath) })
        {
            if (string.IsNullOrWhiteSpace(value)) return $"{key}: must not be empty";
        }
        if (settings.BlocklistThreshold < 1) return $"blocklist_threshold: must be at least 1, got {settings.BlocklistThreshold}";
        if (settings.TaskFailAfterSoftFailCount < 1) return $"task_fail_after_softfail_count: must be at least 1, got {settings.TaskFailAfterSoftFailCount}";
        if (settings.Shaman.MaxFileSize < 1) return $"shaman.maxFileSize: must be at least 1 (bytes), got {settings.Shaman.MaxFileSize}";
        if (settings.MaxTasksPerJob < 1) return $"max_tasks_per_job: must be at least 1, got {settings.MaxTasksPerJob}";
        if (settings.MaxRequestBodySize < 1) return $"max_request_body_size: must be at least 1 (bytes), got {settings.MaxRequestBodySize}";
        try
        {
            ManagerLogging.Level(settings.LogLevel);
        }
        catch (InvalidOperationException e)
        {
            return e.Message;
        }
        foreach (var (name, variable) in settings.Variables)
        {
            for (var i = 0; i < variable.Values.Count; i++)
            {
                var value = variable.Values[i];
                if (string.IsNullOrEmpty(value.Platform) && value.Platforms.Count == 0)
                {
                    return $"variables.{name}.values[{i}]: needs a platform (linux, windows, darwin, ... or all) in platform or platforms";
                }
            }
        }
        try
        {
            VariableTables.Build(settings.Variables, settings.SharedStoragePathFull, HostPlatform.Name);
        }
        catch (InvalidOperationException e)
        {
            return e.Message;
        }
        return null;
    }

    /// <summary>Flamenco's Go listen address: <c>:8080</c>, <c>127.0.0.1:8080</c>, <c>[::1]:8080</c> (or a URL of ours, with a port).</summary>
    private static string? ListenProblem(string listen)
    {
        const string Expected = "expected host:port, e.g. \":8080\" or \"127.0.0.1:8080\"";
        if (string.IsNullOrWhiteSpace(listen)) return $"must not be empty; {Expected}";
        if (!Uri.TryCreate(ManagerHosting.ListenUrl(listen), UriKind.Absolute, out var url) || url.Scheme is not ("http" or "https")
            || url.AbsolutePath != "/" || url.Query.Length > 0)
        {
            return $"\"{listen}\" is not an address to listen on; {Expected}";
        }
        var portText = url.Authority[(url.Authority.LastIndexOf(']') + 1)..];
        var colon = portText.LastIndexOf(':');
        return colon < 0 || !int.TryParse(portText[(colon + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port is < 1 or > 65535
            ? $"\"{listen}\" has no port from 1 to 65535; {Expected}"
            : null;
    }

    private static string Expected(Type type) => type == typeof(int) || type == typeof(long) ? "a whole number"
        : type == typeof(string) ? "a string"
        : type == typeof(bool) ? "true or false"
        : type == typeof(FlamencoDuration) ? "a duration such as \"10m\""
        : "an object";

    private static string KindOf(JsonNode? node) => node is null ? "null" : node.GetValueKind() switch
    {
        JsonValueKind.String => $"the string {node.ToJsonString()}",
        JsonValueKind.Number => $"the number {node.ToJsonString()}",
        JsonValueKind.True or JsonValueKind.False => $"the boolean {node.ToJsonString()}",
        JsonValueKind.Array => "a list",
        JsonValueKind.Object => "an object",
        _ => "null",
    };

    /// <summary>Configuration keys the way the YAML file provider makes them: <c>shaman:enabled</c>, <c>values:0:platform</c>.</summary>
    private static void Flatten(JsonNode? node, string? path, Dictionary<string, string?> keys)
    {
        switch (node)
        {
            case JsonObject map:
                foreach (var (name, item) in map) Flatten(item, path is null ? name : ConfigurationPath.Combine(path, name), keys);
                break;
            case JsonArray list:
                for (var i = 0; i < list.Count; i++) Flatten(list[i], ConfigurationPath.Combine(path!, i.ToString(CultureInfo.InvariantCulture)), keys);
                break;
            case JsonValue value when path is not null:
                keys[path] = value.GetValueKind() switch
                {
                    JsonValueKind.String => value.GetValue<string>(),
                    JsonValueKind.True => "true",
                    JsonValueKind.False => "false",
                    _ => value.ToJsonString(),
                };
                break;
        }
    }

    private static YamlNode ToYamlNode(JsonNode? node) => node switch
    {
        JsonObject map => map.Count == 0
            ? new YamlMappingNode { Style = MappingStyle.Flow }
            : new YamlMappingNode(map.Select(p => new KeyValuePair<YamlNode, YamlNode>(new YamlScalarNode(p.Key), ToYamlNode(p.Value)))),
        JsonArray list => list.Count == 0
            ? new YamlSequenceNode { Style = SequenceStyle.Flow }
            : new YamlSequenceNode(list.Select(ToYamlNode)),
        JsonValue value when value.GetValueKind() == JsonValueKind.String => new YamlScalarNode(value.GetValue<string>()) { Style = ScalarStyle.DoubleQuoted },
        JsonValue value => new YamlScalarNode(value.ToJsonString()),
        _ => new YamlScalarNode("") { Style = ScalarStyle.DoubleQuoted },
    };
}
