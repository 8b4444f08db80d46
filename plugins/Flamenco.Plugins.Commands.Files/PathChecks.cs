namespace Flamenco.Plugins.Commands.Files;

internal static class PathChecks
{
    /// <summary>
    /// Whether something is at <paramref name="path"/>. As in Flamenco, only "not found" means it does not exist: a path
    /// that cannot be inspected (no permission) counts as existing, so nothing is moved or written over it.
    /// </summary>
    public static bool Exists(string path)
    {
        try
        {
            File.GetAttributes(path);
            return true;
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return false;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return true;
        }
    }

    /// <summary>Creates <paramref name="path"/> and its missing parents with <paramref name="mode"/> (before umask) where the platform has modes.</summary>
    public static void CreateDirectory(string path, UnixFileMode mode)
    {
        if (OperatingSystem.IsWindows()) Directory.CreateDirectory(path);
        else Directory.CreateDirectory(path, mode);
    }
}
