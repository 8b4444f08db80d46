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

    /// <summary>
    /// Runs one request's work on the current backend, which <paramref name="operation"/> calls and then answers with
    /// the result. Answers the request itself instead when <paramref name="problems"/> lists bad input (400), while
    /// Shaman is off (503), or when the backend refuses (its <see cref="StorageException"/>, ShamanResponses).
    /// </summary>
    public async Task RunAsync(HttpContext http, IReadOnlyList<string> problems, Func<IStorageBackend, Task> operation, CancellationToken ct)
    {
        if (problems.Count > 0)
        {
            await http.SendInputProblemsAsync(problems, ct);
            return;
        }
        using var storage = Lease();
        if (storage is null)
        {
            await http.SendShamanNotActiveAsync(ct);
            return;
        }
        try
        {
            await operation(storage.Backend);
        }
        catch (StorageException e)
        {
            await http.SendStorageErrorAsync(e, ct);
        }
    }
}

/// <summary>A storage backend, kept loaded until disposed.</summary>
public sealed class LeasedStorage(ExtensionLease<IStorageBackend> lease) : IDisposable
{
    public IStorageBackend Backend => lease.Extensions[0].Instance;

    public void Dispose() => lease.Dispose();
}
