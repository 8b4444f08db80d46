namespace Flamenco.Plugins.Storage.Shaman.GarbageCollection;

/// <summary>
/// A path with every symlink in it resolved (POSIX <c>realpath</c>, which .NET lacks), so a blob found by walking the
/// store and the same blob reached through a checkout's link compare equal however the storage path was reached.
/// </summary>
internal static class RealPath
{
    private const int MaxLinks = 40;

    public static string Of(string path) => Resolve(Path.GetFullPath(path), MaxLinks);

    private static string Resolve(string full, int linksLeft)
    {
        var root = Path.GetPathRoot(full)!;
        var current = root;
        foreach (var part in full[root.Length..].Split(Path.DirectorySeparatorChar, StringSplitOptions.RemoveEmptyEntries))
        {
            var next = Path.Combine(current, part);
            if (new FileInfo(next).LinkTarget is { } target)
            {
                if (linksLeft == 0) throw new IOException($"too many levels of symbolic links in {full}");
                next = Resolve(Path.GetFullPath(Path.Combine(current, target)), linksLeft - 1);
            }
            current = next;
        }
        return current;
    }
}
