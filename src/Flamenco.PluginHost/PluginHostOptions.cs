namespace Flamenco.PluginHost;

/// <summary>Where plugins live and how the host reacts to changes there.</summary>
public sealed class PluginHostOptions
{
    /// <summary>
    /// The plugins folder: every sub-folder <c>&lt;Name&gt;/</c> holding <c>&lt;Name&gt;.dll</c> is one plugin.
    /// A relative path is resolved against the application's base directory, where the build copies plugins.
    /// </summary>
    public string Directory { get; set; } = "plugins";

    /// <summary>
    /// How long a plugin folder must stay quiet after a change before it is reloaded. Deployments write several
    /// files, and large files in several chunks; reloading on the first event would load a half-written plugin.
    /// </summary>
    public TimeSpan ReloadDelay { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>
    /// How many more times a reload looks at a plugin DLL that is still incomplete (waiting twice as long each time,
    /// starting at <see cref="ReloadDelay"/>) before it reports the plugin as failed and keeps the previous version.
    /// </summary>
    public int IncompleteFileRetries { get; set; } = 3;

    /// <summary>
    /// Objects of the host that every plugin's services get, each registered as a singleton of its own type (the
    /// Manager hands storage backends their <c>StorageLocations</c> this way). Their types must be ones the plugin
    /// shares with the host: from the contracts or the framework.
    /// </summary>
    public IList<object> SharedServices { get; } = [];

    /// <summary>The plugins folder as a full path.</summary>
    internal string FullDirectory => Path.TrimEndingDirectorySeparator(Path.GetFullPath(Directory, AppContext.BaseDirectory));
}
