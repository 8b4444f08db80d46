using Flamenco.Plugins.Storage.Shaman.GarbageCollection;

namespace Flamenco.Plugins.Storage.Shaman.Checkouts;

/// <summary>
/// Removes a deleted job's checkout (manager.md job deleter). A job's checkout path is stored input, so it gets the
/// same rules as a new checkout's (<see cref="CheckoutPaths"/>), and then must name a real folder — not a symlink —
/// whose real path, every link on the way resolved, lies inside the real checkout root. Flamenco removed whatever
/// the joined path reached; a checkout replaced by a link to elsewhere (or a path through a linked parent) would have
/// made it delete files outside the shared storage. Only the checkout's links go, never the stored files they point
/// to: garbage collection deletes those once no checkout uses them.
/// </summary>
internal sealed class CheckoutRemover(string checkoutRoot)
{
    public bool WouldRemove(string checkoutPath) => Locate(checkoutPath) is not null;

    public bool Remove(string checkoutPath)
    {
        if (Locate(checkoutPath) is not { } folder) return false;
        // Removes the links in it, never what they point to.
        Directory.Delete(folder, recursive: true);
        RemoveEmptyParents(Path.GetDirectoryName(folder)!, RealPath.Of(checkoutRoot));
        return true;
    }

    /// <summary>The checkout's real path, or null when there is nothing there that may be removed.</summary>
    private string? Locate(string checkoutPath)
    {
        string joined;
        try
        {
            joined = CheckoutPaths.Checkout(checkoutRoot, checkoutPath);
        }
        catch (StorageException)
        {
            return null;
        }
        var folder = new DirectoryInfo(joined);
        if (folder.LinkTarget is not null || !folder.Exists) return null;
        try
        {
            var real = RealPath.Of(joined);
            var root = Path.TrimEndingDirectorySeparator(RealPath.Of(checkoutRoot)) + Path.DirectorySeparatorChar;
            return real.StartsWith(root, StringComparison.Ordinal) ? real : null;
        }
        catch (IOException)
        {
            return null; // a link loop on the way: nothing to remove
        }
    }

    /// <summary>Folders the checkout path made (<c>project/scene/</c>) go too once empty; the root itself stays.</summary>
    private static void RemoveEmptyParents(string folder, string root)
    {
        for (; folder.Length > root.Length && folder.StartsWith(root, StringComparison.Ordinal); folder = Path.GetDirectoryName(folder)!)
        {
            try
            {
                if (Directory.EnumerateFileSystemEntries(folder).Any()) return;
                Directory.Delete(folder);
            }
            catch (IOException)
            {
                return; // a new checkout is being made beside it
            }
        }
    }
}
