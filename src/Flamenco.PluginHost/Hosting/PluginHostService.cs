using Flamenco.PluginHost.Catalog;
using Flamenco.PluginHost.Watching;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Flamenco.PluginHost.Hosting;

/// <summary>Loads the plugins when the host starts, watches their folder while it runs, and unloads them when it stops.</summary>
internal sealed class PluginHostService(PluginCatalog catalog, IOptions<PluginHostOptions> options, TimeProvider time, ILogger<PluginHostService> logger)
    : IHostedService, IDisposable
{
    private PluginDirectoryWatcher? _watcher;
    private PluginReloadScheduler? _reloads;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        // Watch before the first load, so a plugin still being copied now is reloaded once its files settle.
        // Without a watcher the plugins still load; the host must not fail to start over hot reload.
        try
        {
            // A watcher needs an existing folder; creating it lets plugins be dropped into a fresh installation later.
            Directory.CreateDirectory(catalog.Directory);
            _reloads = new PluginReloadScheduler(catalog, options.Value, time, logger);
            _watcher = new PluginDirectoryWatcher(catalog.Directory, options.Value.ReloadDelay, time,
                _reloads.OnFolderTouched, _reloads.OnFolderSettled, _reloads.OnEventsLost, logger);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException)
        {
            logger.LogError(e, "Cannot watch {Directory}; plugins will not be reloaded when they change", catalog.Directory);
        }
        catalog.LoadAll();

        var plugins = catalog.Plugins;
        logger.LogInformation("Plugins from {Directory}: {Loaded} loaded, {NotLoaded} not loaded{Watching}",
            catalog.Directory, plugins.Count(p => p.State == PluginState.Loaded), plugins.Count(p => p.State != PluginState.Loaded),
            _watcher is null ? "" : "; watching for changes");
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        Dispose();
        return Task.CompletedTask;
    }

    /// <summary>Stops watching and retires every plugin generation; those still leased unload when their leases end.</summary>
    public void Dispose()
    {
        _watcher?.Dispose();
        _watcher = null;
        _reloads?.Dispose();
        _reloads = null;
        catalog.Dispose();
    }
}
