using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Flamenco.Plugins.JobTypes;

/// <summary>
/// A job type as submitters see it (Flamenco's <c>AvailableJobType</c>). Create it with <see cref="Create"/>,
/// which computes the etag exactly as Flamenco does, so submissions carrying an etag from Flamenco's add-on
/// are checked the same way.
/// </summary>
public sealed record JobTypeInfo
{
    private JobTypeInfo(string name, string label, string? description, IReadOnlyList<JobSettingDefinition> settings)
    {
        Name = name;
        Label = label;
        Description = description;
        Settings = settings;
        Etag = "";
        Etag = ComputeEtag(this);
    }

    /// <summary>The job type's name (from its file name).</summary>
    public string Name { get; }

    /// <summary>Label shown to people.</summary>
    public string Label { get; }

    /// <summary>Optional longer description.</summary>
    public string? Description { get; }

    /// <summary>The settings a submission carries, in display order.</summary>
    public IReadOnlyList<JobSettingDefinition> Settings { get; }

    /// <summary>Lower-case hex SHA-1 of the job type's canonical JSON; changes whenever the definition changes.</summary>
    public string Etag { get; private init; }

    /// <summary>Builds the info and computes its etag.</summary>
    public static JobTypeInfo Create(string name, string label, string? description, IReadOnlyList<JobSettingDefinition> settings)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(label);
        return new JobTypeInfo(name, label, description, [.. settings]);
    }

    /// <summary>
    /// Flamenco's etag: SHA-1 of the Go <c>encoding/json</c> encoding of the job type with an empty etag,
    /// keys in Go's struct order, optional members omitted when absent.
    /// </summary>
    private static string ComputeEtag(JobTypeInfo info)
    {
        var json = new GoJsonWriter();
        json.BeginObject();
        if (info.Description is not null) json.Property("description").String(info.Description);
        json.Property("etag").String("");
        json.Property("label").String(info.Label);
        json.Property("name").String(info.Name);
        json.Property("settings").BeginArray();
        foreach (var setting in info.Settings) setting.WriteGoJson(json);
        json.EndArray();
        json.EndObject();
        return Convert.ToHexStringLower(SHA1.HashData(Encoding.UTF8.GetBytes(json.ToString())));
    }
}

/// <summary>One setting of a job type (Flamenco's <c>AvailableJobSetting</c>). Absent members stay null, never false.</summary>
public sealed record JobSettingDefinition
{
    /// <summary>The settings key.</summary>
    public required string Key { get; init; }

    /// <summary>One of <c>string</c>, <c>int32</c>, <c>float</c>, <c>bool</c>.</summary>
    public required string Type { get; init; }

    /// <summary>One of <c>file_path</c>, <c>dir_path</c>, <c>file_name</c>, <c>hashed_file_path</c>, or null.</summary>
    public string? Subtype { get; init; }

    /// <summary>Allowed values of a string setting.</summary>
    public IReadOnlyList<string>? Choices { get; init; }

    /// <summary>Extra arguments for Blender's property (a JSON object), passed through to the add-on.</summary>
    public JsonElement? Propargs { get; init; }

    /// <summary>Description (any JSON value).</summary>
    public JsonElement? Description { get; init; }

    /// <summary>Label (any JSON value).</summary>
    public JsonElement? Label { get; init; }

    /// <summary>Default value (any JSON value).</summary>
    public JsonElement? Default { get; init; }

    /// <summary>Python expression the add-on evaluates in Blender to fill the setting.</summary>
    public string? Eval { get; init; }

    /// <summary>How the add-on presents <see cref="Eval"/>.</summary>
    public JobSettingEvalInfo? EvalInfo { get; init; }

    /// <summary>One of <c>visible</c>, <c>hidden</c>, <c>submission</c>, <c>web</c>, or null (visible).</summary>
    public string? Visible { get; init; }

    /// <summary>Whether the submitter must provide a value; null when the job type does not say.</summary>
    public bool? Required { get; init; }

    /// <summary>Whether the value may be edited; null when the job type does not say (the add-on then treats it as editable).</summary>
    public bool? Editable { get; init; }

    /// <summary>The setting types Flamenco knows.</summary>
    public static IReadOnlyList<string> Types { get; } = ["string", "int32", "float", "bool"];

    /// <summary>The setting subtypes Flamenco knows.</summary>
    public static IReadOnlyList<string> Subtypes { get; } = ["file_path", "dir_path", "file_name", "hashed_file_path"];

    /// <summary>The visibility values Flamenco knows.</summary>
    public static IReadOnlyList<string> Visibilities { get; } = ["visible", "hidden", "submission", "web"];

    internal void WriteGoJson(GoJsonWriter json)
    {
        json.BeginObject();
        if (Choices is not null)
        {
            json.Property("choices").BeginArray();
            foreach (var choice in Choices) json.String(choice);
            json.EndArray();
        }
        if (Default is { } @default) json.Property("default").Value(@default);
        if (Description is { } description) json.Property("description").Value(description);
        if (Editable is { } editable) json.Property("editable").Bool(editable);
        if (Eval is not null) json.Property("eval").String(Eval);
        if (EvalInfo is not null)
        {
            json.Property("evalInfo").BeginObject();
            json.Property("description").String(EvalInfo.Description);
            json.Property("showLinkButton").Bool(EvalInfo.ShowLinkButton);
            json.EndObject();
        }
        json.Property("key").String(Key);
        if (Label is { } label) json.Property("label").Value(label);
        if (Propargs is { } propargs) json.Property("propargs").Value(propargs);
        if (Required is { } required) json.Property("required").Bool(required);
        if (Subtype is not null) json.Property("subtype").String(Subtype);
        json.Property("type").String(Type);
        if (Visible is not null) json.Property("visible").String(Visible);
        json.EndObject();
    }
}

/// <summary>How the add-on shows a setting's <c>eval</c> expression.</summary>
/// <param name="ShowLinkButton">Whether to show a toggle that keeps the value linked to the expression.</param>
/// <param name="Description">Tooltip text.</param>
public sealed record JobSettingEvalInfo(bool ShowLinkButton, string Description);
