namespace Flamenco.Plugins.JobCompilers.CSharp.Authoring;

/// <summary>
/// What a job type tells submitters about itself: the C# form of a JavaScript job type's <c>JOB_TYPE</c>.
/// Assign one to <c>JobType</c> at the top level of the file.
/// </summary>
public sealed class JobTypeDefinition
{
    /// <summary>Label shown to people (required).</summary>
    public string Label { get; set; } = "";

    /// <summary>Optional longer description.</summary>
    public string? Description { get; set; }

    /// <summary>The settings a submission carries, in display order.</summary>
    public IReadOnlyList<JobSetting> Settings { get; set; } = [];
}

/// <summary>
/// One setting, with the members of a JavaScript <c>JOB_TYPE</c> setting. Members left null are absent from the
/// definition (and from its etag), exactly as an absent key is in JavaScript.
/// </summary>
public sealed class JobSetting
{
    /// <summary>The settings key (required).</summary>
    public string Key { get; set; } = "";

    /// <summary><c>string</c>, <c>int32</c>, <c>float</c> or <c>bool</c> (required).</summary>
    public string Type { get; set; } = "";

    /// <summary><c>file_path</c>, <c>dir_path</c>, <c>file_name</c>, <c>hashed_file_path</c>, or null.</summary>
    public string? Subtype { get; set; }

    /// <summary>Allowed values of a string setting.</summary>
    public IReadOnlyList<string>? Choices { get; set; }

    /// <summary>Extra arguments for Blender's property: an object (anonymous object or dictionary).</summary>
    public object? Propargs { get; set; }

    /// <summary>Description; any JSON value, usually a string.</summary>
    public object? Description { get; set; }

    /// <summary>Label; any JSON value, usually a string.</summary>
    public object? Label { get; set; }

    /// <summary>Default value, any JSON value. The submitter applies it; the Manager does not.</summary>
    public object? Default { get; set; }

    /// <summary>Python expression the Blender add-on evaluates to fill the setting.</summary>
    public string? Eval { get; set; }

    /// <summary>How the add-on presents <see cref="Eval"/>.</summary>
    public EvalInfo? EvalInfo { get; set; }

    /// <summary><c>visible</c>, <c>hidden</c>, <c>submission</c>, <c>web</c>, or null (visible).</summary>
    public string? Visible { get; set; }

    /// <summary>Whether the submitter must provide a value.</summary>
    public bool? Required { get; set; }

    /// <summary>Whether the value may be edited.</summary>
    public bool? Editable { get; set; }
}

/// <summary>How the Blender add-on shows a setting's <see cref="JobSetting.Eval"/> expression.</summary>
public sealed class EvalInfo
{
    /// <summary>Whether to show a toggle that keeps the value linked to the expression.</summary>
    public bool ShowLinkButton { get; set; }

    /// <summary>Tooltip text.</summary>
    public string Description { get; set; } = "";
}
