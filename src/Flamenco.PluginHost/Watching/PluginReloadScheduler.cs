using Flamenco.PluginHost.Catalog;
using Flamenco.PluginHost.Loading;
using Microsoft.Extensions.Logging;

namespace Flamenco.PluginHost.Watching;

/// <summary>
/// Decides when a changed plugin folder is refreshed. A folder is refreshed once it has settled (the watcher's
/// debounce); an assembly that is still incomplete then is looked at again with back-off, because a rename or the last
/// chunk of a slow copy may fire no further event. Newer changes to the folder take over from an older refresh.
/// </summary>
internal sealed class PluginReloadScheduler(PluginCatalog catalog, PluginHostOptions options, TimeProvider time, ILogger logger) : IDisposable
{
    private readonly object _gate = new();
    private readonly Dictionary<string, long> _changeCounts = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _stopping = new();

    /// <summary>
    /// Something in a plugin folder changed. Counting changes as they happen (not when they settle) lets a refresh that
    /// is waiting to look at an incomplete file again notice that newer writes are under way, and leave them to the next refresh.
    /// </summary>
    public void OnFolderTouched(string directory)
    {
        lock (_gate)
        {
            _changeCounts[directory] = _changeCounts.GetValueOrDefault(directory) + 1;
        }
    }

    /// <summary>A plugin folder has been quiet for the reload delay: refresh it in the background.</summary>
    public void OnFolderSettled(string directory)
    {
        long change;
        lock (_gate)
        {
            change = _changeCounts.GetValueOrDefault(directory);
        }
        _ = RefreshAsync(directory, change);
    }

    /// <summary>The watcher lost events (buffer overflow): refresh every folder, present or known.</summary>
    public void OnEventsLost()
    {
        var present = Directory.Exists(catalog.Directory) ? Directory.EnumerateDirectories(catalog.Directory) : [];
        foreach (var directory in present.Union(catalog.KnownDirectories, StringComparer.Ordinal))
        {
            OnFolderTouched(directory);
            OnFolderSettled(directory);
        }
    }

    private async Task RefreshAsync(string directory, long change)
    {
        var folder = new PluginFolder(directory);
        var delay = options.ReloadDelay;
        try
        {
            for (var attempt = 0; !IsSuperseded(directory, change); attempt++)
            {
                var lastAttempt = attempt >= options.IncompleteFileRetries;
                var problem = await catalog.RefreshAsync(folder, reportIncomplete: lastAttempt, _stopping.Token);
                if (problem is null || lastAttempt) return;

                logger.LogDebug("{Assembly} {Problem}; looking again in {Delay}", folder.AssemblyPath, problem, delay);
                await Task.Delay(delay, time, _stopping.Token);
                delay *= 2;
            }
        }
        catch (OperationCanceledException)
        {
            // The host is stopping, or the catalog was disposed: nothing to refresh any more.
        }
        catch (Exception e)
        {
            // Runs unobserved on the thread pool: log rather than lose it.
            logger.LogError(e, "Refreshing the plugin in {Directory} failed", directory);
        }
    }

    private bool IsSuperseded(string directory, long change)
    {
        lock (_gate)
        {
            return _stopping.IsCancellationRequested || _changeCounts.GetValueOrDefault(directory) != change;
        }
    }

    /// <summary>Stops pending refreshes; one already loading finishes (the catalog retires what it loads after disposal).</summary>
    public void Dispose() => _stopping.Cancel();
}
