using System.Text.Json;
using Flamenco.Manager.Hosting;
using Flamenco.PluginHost;
using Flamenco.Plugins.Authoring;
using Flamenco.Plugins.Storage;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Flamenco.Manager.Variables;

/// <summary>
/// The Manager's variables, built from the configuration when the Manager starts (a bad <c>variables:</c> section
/// stops it). The implicit <c>{jobs}</c> depends on whether Shaman is in use — enabled and a storage plugin loaded,
/// as <c>GET /api/v3/configuration</c> reports it — so both tables are built up front and the plugin catalog's
/// version picks one; handing out a task costs a version check, not a rebuild.
/// </summary>
public sealed class ManagerVariables
{
    private readonly IPluginCatalog _plugins;
    private readonly bool _shamanConfigured;
    private VariableTables _withoutShaman;
    private VariableTables _withShaman;
    private ShamanState _shaman = new(-1, false);

    /// <summary>
    /// The storage paths and Shaman are the ones the Manager started with (they need a restart); the variables
    /// themselves are rebuilt when the configuration changes (<c>PUT /api/v3/configuration/file</c>).
    /// </summary>
    public ManagerVariables(IOptions<ManagerOptions> options, IOptionsMonitor<ManagerOptions> changes, IPluginCatalog plugins, ILogger<ManagerVariables> logger)
    {
        _plugins = plugins;
        var settings = options.Value;
        _shamanConfigured = settings.Shaman.Enabled && !settings.IsFirstRun;
        (_withoutShaman, _withShaman) = BuildTables(settings.Variables, settings, logger);
        changes.OnChange(changed => (_withoutShaman, _withShaman) = BuildTables(changed.Variables, settings, logger));
    }

    private static (VariableTables WithoutShaman, VariableTables WithShaman) BuildTables(
        Dictionary<string, VariableDefinition> variables, ManagerOptions startup, ILogger logger) =>
        (VariableTables.Build(variables, startup.SharedStoragePathFull, HostPlatform.Name, logger),
         VariableTables.Build(variables, startup.ShamanCheckoutPath, HostPlatform.Name, NullLogger.Instance));

    /// <summary>
    /// Whether Shaman uploads are offered: enabled in the configuration, shared storage configured, and a storage
    /// plugin loaded. The Shaman endpoints apply the same rule per request (<c>Features/Shaman/ShamanBackend</c>).
    /// </summary>
    public bool ShamanEnabled
    {
        get
        {
            var state = _shaman;
            var version = _plugins.Version;
            if (state.PluginVersion == version) return state.Enabled;
            var enabled = _shamanConfigured;
            if (enabled)
            {
                using var storage = _plugins.Lease<IStorageBackend>();
                enabled = storage.Extensions.Count > 0;
            }
            _shaman = new ShamanState(version, enabled);
            return enabled;
        }
    }

    /// <summary>The tables in effect now.</summary>
    public VariableTables Current => ShamanEnabled ? _withShaman : _withoutShaman;

    /// <summary>The expander for tasks handed to a worker on <paramref name="platform"/>.</summary>
    public VariableExpander ForWorker(string platform) => Current.Expander(VariableTables.Workers, platform);

    /// <summary>
    /// A submission's settings and metadata with submitted paths turned into <c>{name}</c> (manager.md §6.3 A), for
    /// the submitter's platform (<c>manager</c> already resolved to the Manager's).
    /// </summary>
    public (JsonElement Settings, Dictionary<string, string> Metadata) ReplaceTwoWay(
        string submitterPlatform, JsonElement settings, IReadOnlyDictionary<string, string>? metadata)
    {
        var replacer = Current.Replacer(submitterPlatform);
        return (replacer.ReplaceInSettings(settings), metadata is null ? [] : replacer.ReplaceInMetadata(metadata));
    }

    private sealed record ShamanState(long PluginVersion, bool Enabled);
}
