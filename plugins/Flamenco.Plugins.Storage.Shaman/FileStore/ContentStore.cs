using System.Globalization;
using System.Security.Cryptography;

namespace Flamenco.Plugins.Storage.Shaman.FileStore;

/// <summary>
/// Shaman's file store (worker-and-shaman.md §5.1): finished files at <c>stored/&lt;sha[0:2]&gt;/&lt;sha[2:]&gt;/&lt;size&gt;.blob</c>,
/// uploads in progress at <c>uploading/&lt;sha[0:2]&gt;/&lt;sha[2:]&gt;/&lt;size&gt;-&lt;9 digits&gt;.tmp</c>. Everything is on disk,
/// not in memory, so two versions of the plugin running side by side during a hot swap see the same store.
/// </summary>
internal sealed class ContentStore
{
    public ContentStore(string root, TimeProvider time)
    {
        Root = Path.GetFullPath(root);
        StoredRoot = Path.Combine(Root, "stored");
        UploadingRoot = Path.Combine(Root, "uploading");
        Time = time;
    }

    /// <summary>The file store, <c>&lt;shared storage&gt;/file-store</c>.</summary>
    public string Root { get; }

    public string StoredRoot { get; }

    public string UploadingRoot { get; }

    public TimeProvider Time { get; }

    public string StoredPath(string checksum, long size) =>
        Path.Combine(StoredRoot, checksum[..2], checksum[2..], size.ToString(CultureInfo.InvariantCulture) + ".blob");

    /// <summary>Stored beats uploading beats unknown; a file being uploaded is one with a temporary file.</summary>
    public StoredFileStatus Status(string checksum, long size)
    {
        if (File.Exists(StoredPath(checksum, size))) return StoredFileStatus.Stored;
        var uploading = UploadingFolder(checksum);
        return Directory.Exists(uploading) && Directory.EnumerateFiles(uploading, $"{size.ToString(CultureInfo.InvariantCulture)}-*.tmp").Any()
            ? StoredFileStatus.Uploading
            : StoredFileStatus.Unknown;
    }

    /// <summary>A new temporary file for an upload, created exclusively so concurrent uploads never share one.</summary>
    public (string Path, FileStream Stream) CreateTemporary(string checksum, long size)
    {
        var folder = UploadingFolder(checksum);
        for (var attempt = 0; ; attempt++)
        {
            Directory.CreateDirectory(folder);
            var path = Path.Combine(folder, $"{size.ToString(CultureInfo.InvariantCulture)}-{RandomNumberGenerator.GetInt32(1_000_000_000):D9}.tmp");
            try
            {
                return (path, new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, bufferSize: 0, useAsync: true));
            }
            catch (IOException) when (attempt < 10 && File.Exists(path))
            {
                // Another upload drew the same number: draw again.
            }
            catch (DirectoryNotFoundException) when (attempt < 10)
            {
                // A finished upload of the same file removed the empty folder between our create and open.
            }
        }
    }

    /// <summary>
    /// Moves a verified temporary file into the store with a rename, so the stored file appears whole or not at all.
    /// Returns false, leaving the temporary file, when the file is stored already.
    /// </summary>
    public bool MoveIntoStore(string temporary, string checksum, long size)
    {
        var target = StoredPath(checksum, size);
        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        try
        {
            File.Move(temporary, target, overwrite: false);
        }
        catch (IOException) when (File.Exists(target))
        {
            return false;
        }
        RemoveEmptyUploadFolders(checksum);
        return true;
    }

    /// <summary>Removes a temporary file and the upload folders it leaves empty.</summary>
    public void Discard(string temporary, string checksum)
    {
        File.Delete(temporary);
        RemoveEmptyUploadFolders(checksum);
    }

    /// <summary>Marks a stored file as just used, so garbage collection keeps it (Flamenco's "touch").</summary>
    public void Touch(string storedPath)
    {
        try
        {
            File.SetLastWriteTimeUtc(storedPath, Time.GetUtcNow().UtcDateTime);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Only delays a collection; the file itself is fine.
        }
    }

    private string UploadingFolder(string checksum) => Path.Combine(UploadingRoot, checksum[..2], checksum[2..]);

    private void RemoveEmptyUploadFolders(string checksum)
    {
        foreach (var folder in new[] { UploadingFolder(checksum), Path.Combine(UploadingRoot, checksum[..2]) })
        {
            try
            {
                if (Directory.Exists(folder) && !Directory.EnumerateFileSystemEntries(folder).Any()) Directory.Delete(folder);
            }
            catch (IOException)
            {
                // A concurrent upload just put a file there: the folder is in use again.
            }
        }
    }
}
