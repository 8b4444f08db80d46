namespace Flamenco.Plugins.Storage;

/// <summary>
/// Where job files live (Shaman's content-addressed store is the first backend). The Manager owns the HTTP surface
/// (<c>/api/v3/shaman/*</c>) and delegates to the current backend, so a backend can be replaced at run time.
/// </summary>
public interface IStorageBackend
{
    /// <summary>Identifies the backend in configuration and listings, e.g. <c>shaman</c>.</summary>
    string Name { get; }

    /// <summary>Which optional behaviours the backend supports.</summary>
    StorageCapabilities Capabilities { get; }

    /// <summary>Status of one file in the store.</summary>
    Task<StoredFileStatus> GetFileStatusAsync(string checksum, long size, CancellationToken cancellationToken);

    /// <summary>
    /// Stores one file. The backend verifies size and checksum before the file becomes visible and never leaves a
    /// half-written file behind.
    /// </summary>
    Task<StoreFileResult> StoreFileAsync(StoreFileRequest request, Stream content, CancellationToken cancellationToken);

    /// <summary>Which of the files a checkout needs are not (completely) stored yet.</summary>
    Task<IReadOnlyList<StorageFileRequirement>> CheckRequirementsAsync(IReadOnlyList<StorageFileSpec> files, CancellationToken cancellationToken);

    /// <summary>
    /// Makes the files available under <paramref name="checkoutPath"/> (relative to the backend's checkout root) and
    /// returns the path actually used. Paths that would leave the checkout root are refused.
    /// </summary>
    Task<string> CreateCheckoutAsync(string checkoutPath, IReadOnlyList<StorageFileSpec> files, CancellationToken cancellationToken);
}

/// <summary>Optional behaviours of a storage backend.</summary>
[Flags]
public enum StorageCapabilities
{
    /// <summary>Nothing beyond the required members.</summary>
    None = 0,

    /// <summary>Files are addressed by checksum and size, so identical files are stored once.</summary>
    ContentAddressed = 1,

    /// <summary>Checkouts are made of links into the store rather than copies.</summary>
    Symlinks = 2,

    /// <summary>A client may defer uploading a file another client is uploading.</summary>
    DeferredUpload = 4,
}

/// <summary>Status of a file in the store.</summary>
public enum StoredFileStatus
{
    /// <summary>Not in the store.</summary>
    Unknown,

    /// <summary>Being uploaded right now.</summary>
    Uploading,

    /// <summary>Completely stored.</summary>
    Stored,
}

/// <summary>A file as a checkout needs it.</summary>
/// <param name="Checksum">SHA-256 of the content, lower-case hex.</param>
/// <param name="Size">Size in bytes.</param>
/// <param name="Path">Path of the file within the checkout.</param>
public sealed record StorageFileSpec(string Checksum, long Size, string Path);

/// <summary>A file a checkout needs, with its status in the store.</summary>
/// <param name="File">The file.</param>
/// <param name="Status">Its status.</param>
public sealed record StorageFileRequirement(StorageFileSpec File, StoredFileStatus Status);

/// <summary>An upload of one file.</summary>
/// <param name="Checksum">SHA-256 the content must have.</param>
/// <param name="Size">Size the content must have.</param>
/// <param name="CanDefer">Whether the client may upload later when someone else is uploading the same file.</param>
/// <param name="OriginalFileName">The file's name on the client, for logs only.</param>
public sealed record StoreFileRequest(string Checksum, long Size, bool CanDefer, string? OriginalFileName);

/// <summary>Outcome of an upload.</summary>
public enum StoreFileResult
{
    /// <summary>The file is now stored.</summary>
    Stored,

    /// <summary>The file was already stored; nothing was written.</summary>
    AlreadyStored,

    /// <summary>Someone else is uploading it and the client may defer.</summary>
    Deferred,

    /// <summary>Size or checksum did not match; nothing was stored.</summary>
    Rejected,
}
