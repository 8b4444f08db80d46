using Flamenco.Api;

namespace Flamenco.Manager.Features.Configuration;

/// <summary>
/// Whether a folder can be the shared storage (manager.md §6.3): it exists, is a folder, and the Manager can create,
/// write and delete a file in it. Beyond Flamenco: the path must be absolute and without <c>..</c> (a relative path
/// means something else on every machine), and neither the root of a system folder (<c>/</c>, <c>/usr</c>,
/// <c>C:\Windows</c>, ...) nor the Manager's own folder, also when reached through a symlink.
/// </summary>
public static class SharedStorageCheck
{
    private static readonly string[] UnixSystemFolders =
    [
        "/", "/bin", "/boot", "/dev", "/etc", "/home", "/lib", "/lib32", "/lib64", "/opt", "/proc", "/root", "/run", "/sbin",
        "/srv", "/sys", "/tmp", "/usr", "/var", "/media", "/mnt", "/Applications", "/Library", "/System", "/Users", "/Volumes",
    ];

    private static readonly Environment.SpecialFolder[] WindowsSystemFolders =
    [
        Environment.SpecialFolder.Windows, Environment.SpecialFolder.ProgramFiles, Environment.SpecialFolder.ProgramFilesX86,
        Environment.SpecialFolder.CommonApplicationData, Environment.SpecialFolder.UserProfile, Environment.SpecialFolder.System,
    ];

    public static PathCheckResult Check(string path)
    {
        var problem = Problem(path);
        return new PathCheckResult
        {
            Path = path,
            IsUsable = problem is null,
            Cause = problem ?? "the Manager can create and delete files in this folder; it can be the shared storage",
        };
    }

    private static string? Problem(string path)
    {
        if (string.IsNullOrWhiteSpace(path)) return "an empty path cannot be the shared storage";
        if (path.StartsWith(@"\\", StringComparison.Ordinal) || path.StartsWith("//", StringComparison.Ordinal))
        {
            return "UNC notation (\\\\server\\share) is not supported; map the share to a drive letter (Windows) or mount it (Linux, macOS) and give that path";
        }
        if (!Path.IsPathFullyQualified(path)) return "the path must be absolute: a relative path means something else on every machine";
        if (path.Split('/', '\\').Contains("..")) return "the path must not contain \"..\"; give the folder's own path";

        var directory = new DirectoryInfo(path);
        if (!directory.Exists) return File.Exists(path) ? "this is a file, not a folder" : "the folder does not exist; create it first (the Manager does not create shared storage)";
        var real = Normal(RealPath(directory));
        if (SystemFolders().Select(Normal).Contains(real, PathComparer))
        {
            return $"{real} is a system folder (or its root); use a folder of its own, e.g. {Path.Combine(real, "flamenco")}";
        }
        if (PathComparer.Equals(real, Normal(RealPath(new DirectoryInfo(AppContext.BaseDirectory)))))
        {
            return "this is the folder the Manager is installed in; use a folder of its own";
        }

        var probe = Path.Combine(path, $"flamenco-writability-test-{Guid.NewGuid():N}.txt");
        try
        {
            File.WriteAllText(probe, "Flamenco checks whether it can write here; this file can be deleted.");
            File.Delete(probe);
            return null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return $"the Manager cannot create and delete a file in this folder: {e.Message}";
        }
    }

    /// <summary>The folder's path with every symlink on the way resolved, so a link to <c>/etc</c> is seen as <c>/etc</c>.</summary>
    private static string RealPath(DirectoryInfo directory)
    {
        var parent = directory.Parent is { } up ? RealPath(up) : directory.FullName;
        var here = directory.Parent is null ? directory.FullName : Path.Combine(parent, directory.Name);
        var target = new DirectoryInfo(here).ResolveLinkTarget(returnFinalTarget: true);
        return target is null ? here : RealPath(new DirectoryInfo(target.FullName));
    }

    private static IEnumerable<string> SystemFolders() => OperatingSystem.IsWindows()
        ? WindowsSystemFolders.Select(Environment.GetFolderPath).Where(p => p.Length > 0)
            .Concat(DriveInfo.GetDrives().Select(d => d.RootDirectory.FullName))
        : UnixSystemFolders;

    /// <summary>Without trailing separators (<c>C:\</c> as <c>C:</c>), except the Unix root itself.</summary>
    private static string Normal(string path) => path.Length > 1 ? path.TrimEnd('/', '\\') : path;

    private static StringComparer PathComparer => OperatingSystem.IsWindows() || OperatingSystem.IsMacOS() ? StringComparer.OrdinalIgnoreCase : StringComparer.Ordinal;
}
