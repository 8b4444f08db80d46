using System.Text.Json;
using Flamenco.Plugins.JobCompilers.JavaScript.Runtime;
using Flamenco.Plugins.JobTypes;
using Jint;
using Jint.Native.Object;

namespace Flamenco.Plugins.JobCompilers.JavaScript;

/// <summary>
/// Reads a script's <c>JOB_TYPE</c> into a <see cref="JobTypeInfo"/>, with Flamenco's rules: unknown keys are ignored,
/// members that are absent (or null) stay absent, so the etag matches Flamenco's for the same definition.
/// </summary>
internal static class JobTypeReader
{
    public static JobTypeInfo Read(ScriptSession session, JobTypeSource source)
    {
        var file = Path.GetFileName(source.FilePath);
        var value = session.JobTypeValue();
        if (value is not ObjectInstance || value.IsArray() || value is Jint.Native.Function.Function)
        {
            throw new JobTypeException($"script ({file}) does not define a JOB_TYPE object", source.FilePath);
        }

        using var document = JsonDocument.Parse(new Jint.Native.Json.JsonSerializer(session.Engine).Serialize(value).AsString());
        try
        {
            var root = document.RootElement;
            var label = RequiredString(root, "label", "JOB_TYPE");
            var description = OptionalString(root, "description", "JOB_TYPE");
            if (!root.TryGetProperty("settings", out var settingsJson) || settingsJson.ValueKind != JsonValueKind.Array)
            {
                throw new FormatException("JOB_TYPE.settings must be an array");
            }
            var settings = settingsJson.EnumerateArray().Select(ReadSetting).ToList();
            return JobTypeInfo.Create(source.Name, label, description, settings);
        }
        catch (FormatException e)
        {
            throw new JobTypeException($"script ({file}) does not define a proper JOB_TYPE object: {e.Message}", source.FilePath, innerException: e);
        }
    }

    private static JobSettingDefinition ReadSetting(JsonElement setting, int index)
    {
        var where = $"JOB_TYPE.settings[{index}]";
        if (setting.ValueKind != JsonValueKind.Object) throw new FormatException($"{where} must be an object");
        var key = RequiredString(setting, "key", where);
        if (key.Length == 0) throw new FormatException($"{where}.key must not be empty");
        where = $"setting \"{key}\"";

        return new JobSettingDefinition
        {
            Key = key,
            Type = OneOf(RequiredString(setting, "type", where), JobSettingDefinition.Types, where, "type"),
            Subtype = OptionalString(setting, "subtype", where) is { } subtype ? OneOf(subtype, JobSettingDefinition.Subtypes, where, "subtype") : null,
            Visible = OptionalString(setting, "visible", where) is { } visible ? OneOf(visible, JobSettingDefinition.Visibilities, where, "visible") : null,
            Choices = Choices(setting, where),
            Propargs = Member(setting, "propargs") is { } propargs
                ? propargs.ValueKind == JsonValueKind.Object ? propargs.Clone() : throw new FormatException($"{where}: propargs must be an object")
                : null,
            Description = Member(setting, "description")?.Clone(),
            Label = Member(setting, "label")?.Clone(),
            Default = Member(setting, "default")?.Clone(),
            Eval = OptionalString(setting, "eval", where),
            EvalInfo = EvalInfo(setting, where),
            Required = OptionalBool(setting, "required", where),
            Editable = OptionalBool(setting, "editable", where),
        };
    }

    private static List<string>? Choices(JsonElement setting, string where)
    {
        if (Member(setting, "choices") is not { } choices) return null;
        if (choices.ValueKind != JsonValueKind.Array || choices.EnumerateArray().Any(c => c.ValueKind != JsonValueKind.String))
        {
            throw new FormatException($"{where}: choices must be an array of strings");
        }
        return [.. choices.EnumerateArray().Select(c => c.GetString()!)];
    }

    private static JobSettingEvalInfo? EvalInfo(JsonElement setting, string where)
    {
        if (Member(setting, "evalInfo") is not { } info) return null;
        if (info.ValueKind != JsonValueKind.Object) throw new FormatException($"{where}: evalInfo must be an object");
        return new JobSettingEvalInfo(
            OptionalBool(info, "showLinkButton", $"{where}: evalInfo") ?? false,
            OptionalString(info, "description", $"{where}: evalInfo") ?? "");
    }

    private static string OneOf(string value, IReadOnlyList<string> allowed, string where, string member) =>
        allowed.Contains(value) ? value : throw new FormatException($"{where}: {member} must be one of {string.Join(", ", allowed)}, not \"{value}\"");

    /// <summary>A member that is present and not null.</summary>
    private static JsonElement? Member(JsonElement obj, string name) =>
        obj.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null ? value : null;

    private static string RequiredString(JsonElement obj, string name, string where) =>
        OptionalString(obj, name, where) ?? throw new FormatException($"{where}.{name} is required");

    private static string? OptionalString(JsonElement obj, string name, string where) => Member(obj, name) switch
    {
        null => null,
        { ValueKind: JsonValueKind.String } value => value.GetString(),
        _ => throw new FormatException($"{where}.{name} must be a string"),
    };

    private static bool? OptionalBool(JsonElement obj, string name, string where) => Member(obj, name) switch
    {
        null => null,
        { ValueKind: JsonValueKind.True } => true,
        { ValueKind: JsonValueKind.False } => false,
        _ => throw new FormatException($"{where}.{name} must be true or false"),
    };
}
