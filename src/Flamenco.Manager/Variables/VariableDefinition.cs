namespace Flamenco.Manager.Variables;

/// <summary>
/// One entry of Flamenco's <c>variables:</c> section (manager.md §6.3): <c>{name}</c> in a task's command parameters
/// becomes the value for the worker's platform; a two-way variable also turns a submitted path back into <c>{name}</c>.
/// </summary>
public sealed class VariableDefinition
{
    /// <summary>Whether submitted paths starting with this variable's value are turned into <c>{name}</c>.</summary>
    [ConfigurationKeyName("is_twoway")]
    public bool IsTwoway { get; set; }

    /// <summary>The values per platform and audience.</summary>
    [ConfigurationKeyName("values")]
    public List<VariableValue> Values { get; set; } = [];
}

/// <summary>One value of a variable: for which platforms, for whom, and what.</summary>
public sealed class VariableValue
{
    /// <summary>A platform (<c>linux</c>, <c>windows</c>, <c>darwin</c>, …) or <c>all</c>.</summary>
    [ConfigurationKeyName("platform")]
    public string? Platform { get; set; }

    /// <summary>Several platforms at once; merged with <see cref="Platform"/> when both are given.</summary>
    [ConfigurationKeyName("platforms")]
    public List<string> Platforms { get; set; } = [];

    /// <summary><c>all</c> (the default), <c>workers</c> or <c>users</c>.</summary>
    [ConfigurationKeyName("audience")]
    public string? Audience { get; set; }

    /// <summary>The value itself.</summary>
    [ConfigurationKeyName("value")]
    public string Value { get; set; } = "";
}
