namespace Flamenco.Worker.Configuration;

/// <summary>
/// The folder holding the worker's credentials and its upstream queue (reference §4.3): <c>FLAMENCO_HOME</c>, else
/// the platform's per-user data folder plus Flamenco's app folder.
/// </summary>
internal static class FlamencoHome
{
    public static string Resolve(IReadOnlyDictionary<string, string> environment)
    {
        if (environment.TryGetValue("FLAMENCO_HOME", out var home) && !string.IsNullOrWhiteSpace(home)) return Path.GetFullPath(home);
        if (OperatingSystem.IsWindows())
        {
            return Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData), "Blender Foundation", "Flamenco");
        }
        var userHome = environment.TryGetValue("HOME", out var h) && h.Length > 0 ? h : Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        if (OperatingSystem.IsMacOS()) return Path.Combine(userHome, "Library", "Application Support", "Flamenco");
        var dataHome = environment.TryGetValue("XDG_DATA_HOME", out var xdg) && Path.IsPathRooted(xdg) ? xdg : Path.Combine(userHome, ".local", "share");
        return Path.Combine(dataHome, "flamenco");
    }
}
