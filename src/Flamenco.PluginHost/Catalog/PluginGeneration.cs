using Flamenco.PluginHost.Loading;
using McMaster.NETCore.Plugins;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Flamenco.PluginHost.Catalog;

/// <summary>
/// One load of one plugin: its load context, its private service provider and the extensions resolved from it.
/// Counts the leases taken on it, so that once it has been replaced (retired) it is disposed exactly when the last
/// lease ends: only then can nothing run its code any more, and only then may its load context unload.
/// </summary>
internal sealed class PluginGeneration
{
    private readonly object _gate = new();
    private readonly ILogger _logger;
    private PluginLoader? _loader;
    private ServiceProvider? _services;
    private IReadOnlyDictionary<Type, object[]> _extensions;
    private int _leases;
    private bool _retired;

    public PluginGeneration(PluginIdentity identity, int number, PluginLoader loader, ServiceProvider services,
        IReadOnlyDictionary<Type, object[]> extensions, ILogger logger)
    {
        Identity = identity;
        Number = number;
        _loader = loader;
        _services = services;
        _extensions = extensions;
        _logger = logger;
        Extensions = [.. extensions.SelectMany(e => e.Value.Select(instance => $"{e.Key.Name}: {instance.GetType().Name}"))];
    }

    public PluginIdentity Identity { get; }

    /// <summary>1 for the first load of the plugin folder, +1 per successful reload.</summary>
    public int Number { get; }

    /// <summary>The extensions for the plugin listing, e.g. <c>IWorkerCommand: EchoCommand</c>: names only, no references into the plugin.</summary>
    public IReadOnlyList<string> Extensions { get; }

    /// <summary>
    /// The generation's extensions of type <typeparamref name="T"/>. The three extension points were resolved at load
    /// time (so a throwing constructor fails the load, not a later lease); other types are asked of the provider.
    /// Call only while holding the catalog's lock on a current generation, which is never disposed.
    /// </summary>
    public T[] ExtensionsOf<T>() where T : class
    {
        if (_extensions.TryGetValue(typeof(T), out var known)) return [.. known.Cast<T>()];
        return [.. _services!.GetServices<T>()];
    }

    /// <summary>Counts one more lease. The catalog only leases current generations, which are never retired yet.</summary>
    public void Acquire()
    {
        lock (_gate)
        {
            if (_retired) throw new InvalidOperationException($"Plugin generation {Identity.Id}#{Number} was already retired.");
            _leases++;
        }
    }

    /// <summary>Ends one lease; the last one on a retired generation disposes it.</summary>
    public void Release()
    {
        bool dispose;
        lock (_gate)
        {
            _leases--;
            dispose = _retired && _leases == 0;
        }
        if (dispose) Dispose();
    }

    /// <summary>Marks the generation replaced or removed: it is disposed now, or when its last lease ends.</summary>
    public void Retire()
    {
        bool dispose;
        lock (_gate)
        {
            if (_retired) return;
            _retired = true;
            dispose = _leases == 0;
        }
        if (dispose) Dispose();
    }

    private void Dispose()
    {
        // Forget the instances first: every reference into the plugin's load context keeps it from unloading.
        _extensions = new Dictionary<Type, object[]>();
        var services = _services;
        var loader = _loader;
        _services = null;
        _loader = null;

        // DisposeAsync, because a plugin service may only be IAsyncDisposable (then Dispose throws). It usually
        // completes at once; when it does not, whoever ended the last lease does not wait for it.
        ValueTask disposing;
        try
        {
            disposing = services?.DisposeAsync() ?? ValueTask.CompletedTask;
        }
        catch (Exception e)
        {
            LogDisposeFailure(e);
            disposing = ValueTask.CompletedTask;
        }
        if (disposing.IsCompletedSuccessfully)
        {
            disposing.GetAwaiter().GetResult();
            Unload(loader);
        }
        else
        {
            _ = FinishDisposingAsync(disposing, loader);
        }
    }

    private async Task FinishDisposingAsync(ValueTask disposing, PluginLoader? loader)
    {
        try
        {
            await disposing;
        }
        catch (Exception e)
        {
            LogDisposeFailure(e);
        }
        Unload(loader);
    }

    private void Unload(PluginLoader? loader)
    {
        loader?.Dispose();
        _logger.LogDebug("Plugin {PluginId} generation {Generation} unloaded", Identity.Id, Number);
    }

    // A plugin's Dispose failing must not stop the unload, nor surface in whichever thread ended the last lease.
    private void LogDisposeFailure(Exception e) =>
        _logger.LogWarning(e, "Disposing the services of plugin {PluginId} generation {Generation} failed", Identity.Id, Number);
}
