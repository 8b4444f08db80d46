namespace Flamenco.Plugins.Storage;

/// <summary>
/// The folders the Manager gives storage backends. It registers one instance in every plugin's services, so a backend
/// takes it in its constructor. Both paths are absolute; neither folder needs to exist yet.
/// </summary>
public sealed record StorageLocations
{
    /// <summary>
    /// The Manager's shared storage (<c>shared_storage_path</c>), which workers see too. A backend keeps its own data
    /// below it (Shaman: <c>file-store/</c>).
    /// </summary>
    public required string SharedStoragePath { get; init; }

    /// <summary>
    /// Where checkouts go: the Manager's <c>{jobs}</c> variable while a storage backend is in use, so that job files
    /// resolve to the checked-out ones (<c>&lt;shared storage&gt;/jobs</c>).
    /// </summary>
    public required string CheckoutRoot { get; init; }
}
