using System.Runtime.InteropServices;

namespace Flamenco.Plugins.Commands.Blender;

/// <summary>
/// Finds Blender the way Flamenco does: a bare name (no directory part) that is not on the PATH is looked up through
/// the file association of <c>.blend</c> files. That association exists only on Windows, where Blender's installer
/// does not add it to the PATH; everywhere else the name is left for the process runner's PATH search.
/// </summary>
internal static class BlenderExecutable
{
    public static string Find(string exe)
    {
        if (!OperatingSystem.IsWindows() || exe.IndexOfAny(['/', '\\']) >= 0 || IsOnPath(exe)) return exe;
        return AssociatedWithBlendFiles() ?? exe;
    }

    /// <summary>Where Windows would find <paramref name="exe"/> when starting it: on the PATH, ".exe" added when missing.</summary>
    private static bool IsOnPath(string exe)
    {
        string[] names = Path.HasExtension(exe) ? [exe] : [exe, exe + ".exe"];
        var directories = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries);
        return directories.Any(directory => names.Any(name => File.Exists(Path.Combine(directory, name))));
    }

    /// <summary>The program that opens .blend files; the Blender launcher stands for the blender.exe beside it.</summary>
    private static string? AssociatedWithBlendFiles()
    {
        const uint ignoreUnknown = 0x400; // ASSOCF_INIT_IGNOREUNKNOWN: no "Open with" program for an unknown extension
        const uint executable = 2; // ASSOCSTR_EXECUTABLE
        uint length = 0;
        AssocQueryStringW(ignoreUnknown, executable, ".blend", null, null, ref length);
        if (length == 0) return null;
        var buffer = new char[length];
        if (AssocQueryStringW(ignoreUnknown, executable, ".blend", null, buffer, ref length) != 0) return null;

        var program = new string(buffer, 0, (int)length - 1); // the length counts the terminating NUL
        return string.Equals(Path.GetFileName(program), "blender-launcher.exe", StringComparison.OrdinalIgnoreCase)
            ? Path.Combine(Path.GetDirectoryName(program)!, "blender.exe")
            : program;
    }

    [DllImport("shlwapi.dll", CharSet = CharSet.Unicode, ExactSpelling = true)]
    private static extern int AssocQueryStringW(uint flags, uint str, string assoc, string? extra, [Out] char[]? output, ref uint outputLength);
}
