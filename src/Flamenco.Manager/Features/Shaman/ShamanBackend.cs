using Flamenco.Manager.Hosting;
using Flamenco.PluginHost;
using Flamenco.Plugins.Storage;
using Microsoft.Extensions.Options;

namespace Flamenco.Manager.Features.Shaman;

/// <summary>
/// The storage backend a Shaman request goes to. FastEndpoints maps routes once, at start, so the endpoints always
/// exist and ask here on every request: a lease on the first storage plugin loaded (by plugin folder name), held for
/// the whole request, so an upload that started on one plugin version finishes on it when the plugin is replaced
/// meanwhile. None while Shaman is off — disabled, no <c>shared_storage_path</c>, or no storage plugin loaded — which
/// the endpoints answer with Flamenco's 503. <c>ManagerVariables.ShamanEnabled</c> applies the same rule.
/// </summary>
public sealed class ShamanBackend(IOptions<ManagerOptions> options, IPluginCatalog plugins)
{
    /// <summary>Flamenco's message for every Shaman request while Shaman is off.</summary>
    public const string NotActive = "shaman server not active";

    /// <summary>The backend to use, or null while Shaman is off. Dispose it when the request is done.</summary>
    public LeasedStorage? Lease()
    {
        var settings = options.Value;
        if (!settings.Shaman.Enabled || settings.IsFirstRun) return null;
        var lease = plugins.Lease<IStorageBackend>();
        if (lease.Extensions.Count > 0) return new LeasedStorage(lease);
        lease.Dispose();
        return null;
    }
}

/// <summary>A storage backend, kept loaded until disposed.</summary>
public sealed class LeasedStorage(ExtensionLease<IStorageBackend> lease) : IDisposable
{
    public IStorageBackend Backend => lease.Extensions[0].Instance;

    public void Dispose() => lease.Dispose();
}
