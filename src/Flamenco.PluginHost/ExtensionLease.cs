using Flamenco.PluginHost.Catalog;

namespace Flamenco.PluginHost;

/// <summary>
/// The extensions of one type as they were when the lease was taken. Holding the lease keeps the plugin generations
/// those extensions come from loaded, even if the plugins are reloaded meanwhile: work already started finishes on
/// the code it started with. Dispose it when that work is done; a lease that is never disposed keeps an old plugin
/// version in memory for good.
/// </summary>
/// <typeparam name="T">An extension point, e.g. <c>IWorkerCommand</c>.</typeparam>
public sealed class ExtensionLease<T> : IDisposable where T : class
{
    private IReadOnlyList<PluginExtension<T>> _extensions;
    private PluginGeneration[]? _generations;

    internal ExtensionLease(IReadOnlyList<PluginExtension<T>> extensions, PluginGeneration[] generations, long version)
    {
        _extensions = extensions;
        _generations = generations;
        Version = version;
    }

    /// <summary>The extensions, ordered by plugin folder. Empty once the lease is disposed.</summary>
    public IReadOnlyList<PluginExtension<T>> Extensions => _extensions;

    /// <summary>The catalog's <see cref="IPluginCatalog.Version"/> these extensions belong to; caches of their results can key on it.</summary>
    public long Version { get; }

    /// <summary>Releases the plugin generations; the last lease on a replaced generation unloads it.</summary>
    public void Dispose()
    {
        var generations = Interlocked.Exchange(ref _generations, null);
        if (generations is null) return;

        // Drop the instances too: a disposed lease someone still holds must not pin the old code.
        _extensions = [];
        foreach (var generation in generations) generation.Release();
    }
}
