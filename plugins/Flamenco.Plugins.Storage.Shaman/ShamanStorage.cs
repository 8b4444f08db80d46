using Flamenco.Plugins.Storage.Shaman.Checkouts;
using Flamenco.Plugins.Storage.Shaman.FileStore;
using Flamenco.Plugins.Storage.Shaman.GarbageCollection;
using Microsoft.Extensions.Logging;

namespace Flamenco.Plugins.Storage.Shaman;

/// <summary>
/// Shaman (worker-and-shaman.md §5): files are stored once per (SHA-256, size) under
/// <c>&lt;shared storage&gt;/file-store/</c>, and a checkout is a folder of symlinks to them under the Manager's
/// checkout root (<c>&lt;shared storage&gt;/jobs/</c>, the <c>{jobs}</c> variable). Files no checkout uses are
/// deleted once old (<see cref="CollectGarbageAsync"/>); a deleted job's checkout is removed
/// (<see cref="RemoveCheckoutAsync"/>).
/// </summary>
public sealed class ShamanStorage : IStorageBackend, IStorageGarbageCollector, IStorageCheckoutRemover
{
    private readonly ContentStore _store;
    private readonly UploadReceiver _uploads;
    private readonly CheckoutCreator _checkouts;
    private readonly CheckoutRemover _removals;
    private readonly GarbageCollector _garbage;

    public ShamanStorage(StorageLocations locations, TimeProvider time, ILogger<ShamanStorage> logger)
    {
        // Folders are created when first written to, not here: the plugin is loaded even while the Manager has Shaman
        // disabled, and must not touch the shared storage then.
        _store = new ContentStore(Path.Combine(locations.SharedStoragePath, "file-store"), time);
        var checkoutRoot = Path.TrimEndingDirectorySeparator(Path.GetFullPath(locations.CheckoutRoot));
        _uploads = new UploadReceiver(_store, logger);
        _checkouts = new CheckoutCreator(_store, checkoutRoot);
        _removals = new CheckoutRemover(checkoutRoot);
        _garbage = new GarbageCollector(_store, checkoutRoot, logger);
        logger.LogInformation("Shaman: file store in {FileStore}, checkouts in {CheckoutRoot}", _store.Root, checkoutRoot);
    }

    public string Name => "shaman";

    public StorageCapabilities Capabilities => StorageCapabilities.ContentAddressed | StorageCapabilities.Symlinks | StorageCapabilities.DeferredUpload;

    public Task<StoredFileStatus> GetFileStatusAsync(string checksum, long size, CancellationToken cancellationToken)
    {
        ShamanChecksum.Check(checksum, size);
        return Task.FromResult(_store.Status(checksum, size));
    }

    public Task<StoreFileResult> StoreFileAsync(StoreFileRequest request, Stream content, CancellationToken cancellationToken) =>
        _uploads.ReceiveAsync(request, content, cancellationToken);

    public Task<IReadOnlyList<StorageFileRequirement>> CheckRequirementsAsync(IReadOnlyList<StorageFileSpec> files, CancellationToken cancellationToken)
    {
        var seen = new HashSet<(string, long)>();
        var needed = new List<StorageFileRequirement>();
        for (var i = 0; i < files.Count; i++)
        {
            var file = files[i];
            ShamanChecksum.Check(file.Checksum, file.Size, $"files[{i}].sha", $"files[{i}].size");
            if (!seen.Add((file.Checksum, file.Size))) continue;
            var status = _store.Status(file.Checksum, file.Size);
            // A stored file is about to be checked out: keep garbage collection off it meanwhile.
            if (status == StoredFileStatus.Stored) _store.Touch(_store.StoredPath(file.Checksum, file.Size));
            else needed.Add(new StorageFileRequirement(file, status));
        }
        return Task.FromResult<IReadOnlyList<StorageFileRequirement>>(needed);
    }

    public Task<string> CreateCheckoutAsync(string checkoutPath, IReadOnlyList<StorageFileSpec> files, CancellationToken cancellationToken) =>
        Task.FromResult(_checkouts.Create(checkoutPath, files));

    public bool WouldRemoveCheckout(string checkoutPath) => _removals.WouldRemove(checkoutPath);

    public Task<bool> RemoveCheckoutAsync(string checkoutPath, CancellationToken cancellationToken) => Task.FromResult(_removals.Remove(checkoutPath));

    public Task<StorageGarbageReport> CollectGarbageAsync(DateTimeOffset unusedSince, CancellationToken cancellationToken) =>
        Task.FromResult(_garbage.Collect(unusedSince, cancellationToken));
}
