using System.Text.RegularExpressions;

namespace Flamenco.Plugins.Storage.Shaman.FileStore;

/// <summary>
/// A file's identity in the store. The checksum becomes two path segments, so it is checked here even though the
/// Manager checks it too: Flamenco did not, and a <c>..</c> in it reached outside the store (worker-and-shaman.md §8.2).
/// </summary>
internal static partial class ShamanChecksum
{
    [GeneratedRegex("^[0-9a-f]{64}$")]
    private static partial Regex Sha256Hex();

    /// <summary>Throws <see cref="StorageException"/> unless the pair can name a file in the store.</summary>
    public static void Check(string checksum, long size, string field = "checksum", string sizeField = "filesize")
    {
        if (!Sha256Hex().IsMatch(checksum))
        {
            throw new StorageException(StorageError.InvalidRequest,
                $"{field}: expected a SHA-256 checksum as 64 lower-case hex digits, got \"{checksum}\"");
        }
        if (size < 0) throw new StorageException(StorageError.InvalidRequest, $"{sizeField}: expected a size in bytes (0 or more), got {size}");
    }
}
