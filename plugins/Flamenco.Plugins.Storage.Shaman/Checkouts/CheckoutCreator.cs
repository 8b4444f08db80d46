using System.Security.Cryptography;
using Flamenco.Plugins.Storage.Shaman.FileStore;

namespace Flamenco.Plugins.Storage.Shaman.Checkouts;

/// <summary>
/// Creates checkouts (worker-and-shaman.md §5.2, <c>checkout/create</c>): a folder of relative symlinks into the store,
/// at the requested path or, when that exists, at the path plus <c>-xxxx</c> (10 attempts in all).
/// Unlike Flamenco, the checkout is built in a hidden staging folder beside its final place and renamed into place
/// when complete: workers never see half a checkout, two requests cannot pick the same folder, and cleaning up after
/// a failure removes only what this request created, never an existing checkout (§8.2 item 2).
/// </summary>
internal sealed class CheckoutCreator(ContentStore store, string checkoutRoot)
{
    private const int Attempts = 10;
    private const string SuffixAlphabet = "abcdefghijklmnopqrstuvwxyz0123456789";

    public string Create(string checkoutPath, IReadOnlyList<StorageFileSpec> files)
    {
        var target = CheckoutPaths.Checkout(checkoutRoot, checkoutPath);
        var blobs = Resolve(target, files);

        var parent = Path.GetDirectoryName(target)!;
        var createdFolders = CreateFolders(parent, checkoutPath);
        var staging = Path.Combine(parent, $".{Path.GetFileName(target)}.{RandomNumberGenerator.GetHexString(8, lowercase: true)}.shaman-staging");
        var staged = true;
        try
        {
            Directory.CreateDirectory(staging);
            for (var i = 0; i < files.Count; i++) Link(CheckoutPaths.File(staging, files[i].Path, i), blobs[i], i);

            for (var attempt = 0; attempt < Attempts; attempt++)
            {
                var suffix = attempt == 0 ? "" : "-" + RandomNumberGenerator.GetString(SuffixAlphabet, 4);
                var candidate = target + suffix;
                if (Exists(candidate)) continue;
                try
                {
                    Directory.Move(staging, candidate);
                }
                catch (IOException) when (Exists(candidate))
                {
                    continue; // taken between the check and the rename
                }
                staged = false;
                return checkoutPath + suffix;
            }
            throw new StorageException(StorageError.CheckoutExists,
                $"checkoutPath: \"{checkoutPath}\" exists already, and so did {Attempts - 1} variants with a random suffix; choose another path");
        }
        finally
        {
            if (staged) RemoveStaging(staging, createdFolders);
        }
    }

    /// <summary>Every file's blob, after checking every path and that every file is stored: nothing is created for a request that cannot succeed.</summary>
    private string[] Resolve(string target, IReadOnlyList<StorageFileSpec> files)
    {
        var blobs = new string[files.Count];
        var missing = new List<string>();
        for (var i = 0; i < files.Count; i++)
        {
            var file = files[i];
            ShamanChecksum.Check(file.Checksum, file.Size, $"files[{i}].sha", $"files[{i}].size");
            CheckoutPaths.File(target, file.Path, i);
            blobs[i] = store.StoredPath(file.Checksum, file.Size);
            if (!File.Exists(blobs[i])) missing.Add($"{file.Path} ({file.Checksum}/{file.Size})");
        }
        if (missing.Count > 0)
        {
            var listed = string.Join(", ", missing.Take(5)) + (missing.Count > 5 ? $" and {missing.Count - 5} more" : "");
            throw new StorageException(StorageError.MissingFiles,
                $"unknown files requested in checkout: {listed}; upload them first (checkout/requirements lists what is missing)");
        }
        return blobs;
    }

    /// <summary>A link relative to its own folder, so the checkout works wherever a worker mounts the shared storage.</summary>
    private void Link(string path, string blob, int index)
    {
        var folder = Path.GetDirectoryName(path)!;
        var target = Path.GetRelativePath(folder, blob);
        try
        {
            Directory.CreateDirectory(folder);
            File.CreateSymbolicLink(path, target);
        }
        catch (IOException) when (new FileInfo(path).LinkTarget == target)
        {
            // The same file listed twice under the same path: one link serves both.
        }
        catch (IOException e)
        {
            throw new StorageException(StorageError.InvalidRequest,
                $"files[{index}].path: cannot link {Path.GetRelativePath(checkoutRoot, path)}: another entry already uses this path or a folder of it ({e.Message})", e);
        }
        store.Touch(blob);
    }

    /// <summary>Creates the checkout's parent folders, returning those that did not exist, deepest first.</summary>
    private List<string> CreateFolders(string parent, string checkoutPath)
    {
        var missing = new List<string>();
        for (var folder = parent; folder.Length > checkoutRoot.Length && !Directory.Exists(folder); folder = Path.GetDirectoryName(folder)!)
        {
            missing.Add(folder);
        }
        try
        {
            Directory.CreateDirectory(parent);
        }
        catch (IOException e)
        {
            throw new StorageException(StorageError.InvalidRequest, $"checkoutPath: cannot create the folders of \"{checkoutPath}\": {e.Message}", e);
        }
        return missing;
    }

    private static void RemoveStaging(string staging, List<string> createdFolders)
    {
        try
        {
            // Removes the links, never what they point to.
            if (Directory.Exists(staging)) Directory.Delete(staging, recursive: true);
            foreach (var folder in createdFolders)
            {
                if (Directory.EnumerateFileSystemEntries(folder).Any()) break;
                Directory.Delete(folder);
            }
        }
        catch (IOException)
        {
            // Another checkout is being made in the same folder; it keeps it.
        }
    }

    private static bool Exists(string path) => Path.Exists(path) || new FileInfo(path).LinkTarget is not null;
}
