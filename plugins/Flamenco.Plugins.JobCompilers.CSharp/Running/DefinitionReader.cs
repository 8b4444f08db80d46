using System.Text.Json;
using Flamenco.Plugins.JobCompilers.CSharp.Authoring;
using Flamenco.Plugins.JobTypes;

namespace Flamenco.Plugins.JobCompilers.CSharp.Running;

/// <summary>
/// Checks a <see cref="JobTypeDefinition"/> with the JavaScript compiler's rules and turns it into a
/// <see cref="JobTypeInfo"/>: the same definition gives the same etag in either language.
/// </summary>
internal static class DefinitionReader
{
    public static JobTypeInfo Read(JobTypeDefinition? definition, JobTypeSource source)
    {
        var file = Path.GetFileName(source.FilePath);
        try
        {
            if (definition is null) throw new FormatException("JobType is not set; assign it at the top level: JobType = new() { Label = \"…\", Settings = [ … ] };");
            if (string.IsNullOrEmpty(definition.Label)) throw new FormatException("JobType.Label is required");
            var settings = (definition.Settings ?? []).Select(Read).ToList();
            return JobTypeInfo.Create(source.Name, definition.Label, definition.Description, settings);
        }
        catch (Exception e) when (e is FormatException or ArgumentException)
        {
            throw new JobTypeException($"job type file ({file}) does not define a proper JobType: {e.Message}", source.FilePath, innerException: e);
        }
    }

    private static JobSettingDefinition Read(JobSetting? setting, int index)
    {
        if (setting is null) throw new FormatException($"JobType.Settings[{index}] is null");
        if (string.IsNullOrEmpty(setting.Key)) throw new FormatException($"JobType.Settings[{index}].Key is required");
        var where = $"setting \"{setting.Key}\"";
        return new JobSettingDefinition
        {
            Key = setting.Key,
            Type = OneOf(setting.Type, JobSettingDefinition.Types, where, "Type")!,
            Subtype = OneOf(setting.Subtype, JobSettingDefinition.Subtypes, where, "Subtype"),
            Visible = OneOf(setting.Visible, JobSettingDefinition.Visibilities, where, "Visible"),
            Choices = setting.Choices is null ? null : [.. setting.Choices],
            Propargs = setting.Propargs is null ? null
                : Json(setting.Propargs, where, "Propargs") is { ValueKind: JsonValueKind.Object } propargs ? propargs
                : throw new FormatException($"{where}: Propargs must be an object"),
            Description = Json(setting.Description, where, "Description"),
            Label = Json(setting.Label, where, "Label"),
            Default = Json(setting.Default, where, "Default"),
            Eval = setting.Eval,
            EvalInfo = setting.EvalInfo is { } info ? new JobSettingEvalInfo(info.ShowLinkButton, info.Description ?? "") : null,
            Required = setting.Required,
            Editable = setting.Editable,
        };
    }

    /// <summary>Null stays absent, as an absent or null member does in JavaScript.</summary>
    private static JsonElement? Json(object? value, string where, string member) =>
        value is null ? null : JsonValues.ToElement(JsonValues.ToNode(value, $"{where}: {member}"));

    private static string? OneOf(string? value, IReadOnlyList<string> allowed, string where, string member) => value switch
    {
        null => null,
        _ when allowed.Contains(value) => value,
        _ => throw new FormatException($"{where}: {member} must be one of {string.Join(", ", allowed)}, not \"{value}\""),
    };
}
