using Flamenco.Plugins.Storage.Shaman.FileStore;
using Microsoft.Extensions.Logging;

namespace Flamenco.Plugins.Storage.Shaman.GarbageCollection;

/// <summary>
/// Shaman's garbage collection (worker-and-shaman.md §5.3): stored files last touched before the threshold, that no
/// symlink under the checkout root points to, and that were not touched while the collection ran, are deleted.
/// Unlike Flamenco, paths are compared after resolving symlinks on both sides — a storage path reached through a
/// symlink made Flamenco delete files that were still linked — and upload leftovers older than the threshold (a crash
/// mid-upload) are deleted too: Flamenco kept them for ever, and they made the file look "uploading".
/// </summary>
internal sealed class GarbageCollector(ContentStore store, string checkoutRoot, ILogger logger)
{
    public StorageGarbageReport Collect(DateTimeOffset unusedSince, CancellationToken cancellationToken)
    {
        var old = FindOld(unusedSince);
        var oldCount = old.Count;
        if (oldCount > 0) RemoveLinked(old, cancellationToken);
        var (deleted, bytes, notDeleted, touched) = Delete(old);
        DeleteStaleUploads(unusedSince);
        return new StorageGarbageReport(oldCount, oldCount - old.Count + touched, deleted, bytes, notDeleted);
    }

    /// <summary>Stored files last written before <paramref name="unusedSince"/>, by real path, with that time.</summary>
    internal Dictionary<string, DateTime> FindOld(DateTimeOffset unusedSince)
    {
        var root = RealPath.Of(store.StoredRoot);
        var threshold = unusedSince.UtcDateTime;
        var old = new Dictionary<string, DateTime>(StringComparer.Ordinal);
        if (!Directory.Exists(root)) return old;
        foreach (var file in new DirectoryInfo(root).EnumerateFiles("*.blob", new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = 0 }))
        {
            if (file.LinkTarget is null && file.LastWriteTimeUtc < threshold) old[file.FullName] = file.LastWriteTimeUtc;
        }
        return old;
    }

    /// <summary>Takes out of <paramref name="old"/> every file a checkout links to.</summary>
    internal void RemoveLinked(Dictionary<string, DateTime> old, CancellationToken cancellationToken)
    {
        if (!Directory.Exists(checkoutRoot)) return;
        var options = new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = 0, IgnoreInaccessible = true };
        foreach (var entry in new DirectoryInfo(checkoutRoot).EnumerateFileSystemInfos("*", options))
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (entry.LinkTarget is not { } target) continue;
            try
            {
                old.Remove(RealPath.Of(Path.Combine(Path.GetDirectoryName(entry.FullName)!, target)));
            }
            catch (IOException e)
            {
                // A link loop or an unreadable folder: this link keeps nothing alive, the others still count.
                logger.LogDebug("Shaman GC: cannot resolve {Link}: {Error}", entry.FullName, e.Message);
            }
        }
    }

    /// <summary>Deletes the files left, except those touched since they were found old.</summary>
    internal (int Deleted, long Bytes, int NotDeleted, int Touched) Delete(Dictionary<string, DateTime> unused)
    {
        var (deleted, bytes, notDeleted, touched) = (0, 0L, 0, 0);
        foreach (var (path, found) in unused)
        {
            var file = new FileInfo(path);
            if (!file.Exists) continue;
            if (file.LastWriteTimeUtc > found)
            {
                touched++;
                continue;
            }
            try
            {
                var size = file.Length;
                file.Delete();
                RemoveEmptyParents(file.Directory!, levels: 2);
                deleted++;
                bytes += size;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                notDeleted++;
                logger.LogWarning("Shaman GC: cannot delete {File}: {Error}", path, e.Message);
            }
        }
        return (deleted, bytes, notDeleted, touched);
    }

    private void DeleteStaleUploads(DateTimeOffset unusedSince)
    {
        if (!Directory.Exists(store.UploadingRoot)) return;
        foreach (var file in new DirectoryInfo(store.UploadingRoot).EnumerateFiles("*.tmp", new EnumerationOptions { RecurseSubdirectories = true }))
        {
            if (file.LastWriteTimeUtc >= unusedSince.UtcDateTime) continue;
            try
            {
                file.Delete();
                RemoveEmptyParents(file.Directory!, levels: 2);
                logger.LogInformation("Shaman GC: deleted {File}, left over from an upload that never finished", file.FullName);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                logger.LogWarning("Shaman GC: cannot delete {File}: {Error}", file.FullName, e.Message);
            }
        }
    }

    private static void RemoveEmptyParents(DirectoryInfo folder, int levels)
    {
        for (var i = 0; i < levels && folder is not null; i++, folder = folder.Parent!)
        {
            try
            {
                if (folder.EnumerateFileSystemInfos().Any()) return;
                folder.Delete();
            }
            catch (IOException)
            {
                return; // in use again
            }
        }
    }
}
