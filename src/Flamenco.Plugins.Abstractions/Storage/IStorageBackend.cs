namespace Flamenco.Plugins.Storage;

/// <summary>
/// Where job files live (Shaman's content-addressed store is the first backend). The Manager owns the HTTP surface
/// (<c>/api/v3/shaman/*</c>), validates what clients send, and delegates to the current backend, so a backend can be
/// replaced at run time: a request that started on one version finishes on it.
/// </summary>
/// <remarks>
/// The backend learns its folders from <see cref="StorageLocations"/>, which the Manager puts into every plugin's
/// services: take it in the constructor. Calls arrive concurrently, also for the same file. Refusals are thrown as
/// <see cref="StorageException"/>; the Manager turns them into the matching HTTP answer. Checksums reach the backend
/// as 64 lower-case hex digits and sizes as non-negative numbers, but a backend must not rely on its caller for
/// anything that would let input escape its folders: it checks paths itself.
/// </remarks>
public interface IStorageBackend
{
    /// <summary>Identifies the backend in logs and listings, e.g. <c>shaman</c>.</summary>
    string Name { get; }

    /// <summary>Which optional behaviours the backend supports.</summary>
    StorageCapabilities Capabilities { get; }

    /// <summary>Status of one file in the store.</summary>
    /// <param name="checksum">SHA-256 of the content, lower-case hex.</param>
    /// <param name="size">Size in bytes.</param>
    /// <param name="cancellationToken">Fires when the client goes away.</param>
    Task<StoredFileStatus> GetFileStatusAsync(string checksum, long size, CancellationToken cancellationToken);

    /// <summary>
    /// Stores one file read from <paramref name="content"/>. The backend verifies size and checksum before the file
    /// becomes visible and never leaves a half-written file behind.
    /// </summary>
    /// <returns>
    /// <see cref="StoreFileResult.Stored"/>; <see cref="StoreFileResult.AlreadyStored"/> when the file was stored
    /// before or by a concurrent upload that finished first (the rest of the content may then be left unread);
    /// <see cref="StoreFileResult.Deferred"/> when someone else is uploading it and
    /// <see cref="StoreFileRequest.CanDefer"/> allows the client to try later (nothing read).
    /// </returns>
    /// <exception cref="StorageException">
    /// <see cref="StorageError.ContentMismatch"/> when the content's size or checksum is not the declared one (the
    /// message says which, e.g. <c>file size mismatched, declared 10 but received 9 bytes</c>).
    /// </exception>
    Task<StoreFileResult> StoreFileAsync(StoreFileRequest request, Stream content, CancellationToken cancellationToken);

    /// <summary>
    /// Which of the files a checkout needs are not completely stored yet, in the order asked, each (checksum, size)
    /// once with the first path it was asked for. Stored files are left out (and a backend that collects garbage
    /// keeps them a while longer: the client is about to check them out).
    /// </summary>
    Task<IReadOnlyList<StorageFileRequirement>> CheckRequirementsAsync(IReadOnlyList<StorageFileSpec> files, CancellationToken cancellationToken);

    /// <summary>
    /// Makes the files available under <paramref name="checkoutPath"/>, relative to
    /// <see cref="StorageLocations.CheckoutRoot"/>, and returns the path actually used, relative to it as well: when
    /// the requested one exists already, a backend picks a new unique one rather than touching the old checkout.
    /// A failed checkout leaves nothing behind and never changes an existing one.
    /// </summary>
    /// <exception cref="StorageException">
    /// <see cref="StorageError.InvalidRequest"/> for a path that is absolute, leaves its root or is otherwise not
    /// acceptable (the message names it: <c>checkoutPath: ...</c> or <c>files[2].path: ...</c>);
    /// <see cref="StorageError.MissingFiles"/> when some files are not stored;
    /// <see cref="StorageError.CheckoutExists"/> when no unique path could be found.
    /// </exception>
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
/// <param name="Path">Path of the file within the checkout, with <c>/</c> between folders.</param>
public sealed record StorageFileSpec(string Checksum, long Size, string Path);

/// <summary>A file a checkout needs, with its status in the store.</summary>
/// <param name="File">The file.</param>
/// <param name="Status">Its status.</param>
public sealed record StorageFileRequirement(StorageFileSpec File, StoredFileStatus Status);

/// <summary>An upload of one file.</summary>
/// <param name="Checksum">SHA-256 the content must have, lower-case hex.</param>
/// <param name="Size">Size the content must have.</param>
/// <param name="CanDefer">Whether the client may upload later when someone else is uploading the same file.</param>
/// <param name="OriginalFileName">The file's name on the client, for logs only.</param>
public sealed record StoreFileRequest(string Checksum, long Size, bool CanDefer, string? OriginalFileName);

/// <summary>Outcome of an upload; refusals are <see cref="StorageException"/>s.</summary>
public enum StoreFileResult
{
    /// <summary>The file is now stored.</summary>
    Stored,

    /// <summary>The file was already stored, or another upload of it finished first; this upload stored nothing.</summary>
    AlreadyStored,

    /// <summary>Someone else is uploading it and the client may defer: nothing was read.</summary>
    Deferred,
}
