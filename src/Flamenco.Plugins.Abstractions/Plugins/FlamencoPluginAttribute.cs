namespace Flamenco.Plugins;

/// <summary>
/// Declares an assembly as a Flamenco.Extensible plugin. The host reads it without instantiating
/// anything, and refuses a plugin whose <see cref="TargetAbi"/> major version differs from its own contracts.
/// </summary>
[AttributeUsage(AttributeTargets.Assembly, AllowMultiple = false)]
public sealed class FlamencoPluginAttribute(string id) : Attribute
{
    /// <summary>Stable, lower-case dotted identifier, e.g. <c>flamenco.jobcompilers.javascript</c>.</summary>
    public string Id { get; } = id;

    /// <summary>Human-readable name shown in the plugin listing.</summary>
    public string? Name { get; init; }

    /// <summary>The contracts version the plugin was built against, "major.minor".</summary>
    public string TargetAbi { get; init; } = PluginAbi.Current;
}

/// <summary>The version of these contracts, compared against <see cref="FlamencoPluginAttribute.TargetAbi"/>.</summary>
public static class PluginAbi
{
    /// <summary>The contracts version of this assembly, "major.minor".</summary>
    public const string Current = "1.0";
}
