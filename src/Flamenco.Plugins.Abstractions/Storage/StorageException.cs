namespace Flamenco.Plugins.Storage;

/// <summary>
/// A storage backend refuses a request. The message is shown to the client as it is, so it names what was wrong and
/// what was expected.
/// </summary>
public sealed class StorageException(StorageError error, string message, Exception? innerException = null)
    : Exception(message, innerException)
{
    /// <summary>What kind of refusal this is; the Manager answers with the matching HTTP status.</summary>
    public StorageError Error { get; } = error;
}

/// <summary>Why a storage backend refused a request.</summary>
public enum StorageError
{
    /// <summary>The request itself is not acceptable, e.g. a path that would leave the checkout root (HTTP 400).</summary>
    InvalidRequest,

    /// <summary>An upload's size or checksum is not the declared one; nothing was stored (HTTP 417).</summary>
    ContentMismatch,

    /// <summary>A checkout names files that are not stored (HTTP 424).</summary>
    MissingFiles,

    /// <summary>A checkout's path is taken and no unique alternative was found (HTTP 409).</summary>
    CheckoutExists,
}
