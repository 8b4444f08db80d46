namespace Flamenco.PluginHost;

/// <summary>
/// The plugins a host has loaded, and the extensions they provide. Plugins are reloaded when their files change;
/// a lease keeps the generation it was taken from alive, so work already started finishes on the old version.
/// </summary>
public interface IPluginCatalog
{
    /// <summary>Every plugin folder found, with its state (loaded or failed and why).</summary>
    IReadOnlyList<PluginStatus> Plugins { get; }

    /// <summary>Increases whenever a plugin is loaded, reloaded, fails or disappears; caches of extension results key on it.</summary>
    long Version { get; }

    /// <summary>Raised after <see cref="Version"/> changed.</summary>
    event EventHandler? Changed;

    /// <summary>
    /// Takes the current extensions of type <typeparamref name="T"/> (one of the contracts' extension points).
    /// Dispose the lease when the work using them is done; until then their plugin generation stays loaded.
    /// </summary>
    ExtensionLease<T> Lease<T>() where T : class;
}

/// <summary>The state of one plugin folder.</summary>
public sealed record PluginStatus
{
    /// <summary>Plugin id from its <c>[assembly: FlamencoPlugin]</c> attribute, or the folder name when unreadable.</summary>
    public required string Id { get; init; }

    /// <summary>Display name.</summary>
    public required string Name { get; init; }

    /// <summary>The plugin's folder.</summary>
    public required string Directory { get; init; }

    /// <summary>The plugin assembly's informational version, when loaded.</summary>
    public string? Version { get; init; }

    /// <summary>Loaded, or why not.</summary>
    public required PluginState State { get; init; }

    /// <summary>The last load error, also kept while a previous generation keeps running.</summary>
    public string? Error { get; init; }

    /// <summary>Counts loads of this plugin since the host started: 1 for the first load, +1 per reload.</summary>
    public int Generation { get; init; }

    /// <summary>When the running generation was loaded, or when loading failed.</summary>
    public required DateTimeOffset UpdatedAt { get; init; }

    /// <summary>The extensions the running generation provides, e.g. <c>IJobCompiler: JintJobCompiler</c>.</summary>
    public IReadOnlyList<string> Extensions { get; init; } = [];
}

/// <summary>Whether a plugin runs.</summary>
public enum PluginState
{
    /// <summary>Loaded and serving.</summary>
    Loaded,

    /// <summary>The latest files failed to load; an earlier generation may still be serving.</summary>
    Failed,

    /// <summary>Built against another major version of the contracts.</summary>
    Incompatible,
}

/// <summary>One extension instance and the plugin it came from.</summary>
public sealed record PluginExtension<T>(string PluginId, T Instance) where T : class;
