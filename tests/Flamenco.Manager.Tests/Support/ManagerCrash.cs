using Flamenco.Testing;

namespace Flamenco.Manager.Tests.Support;

/// <summary>What a crash leaves behind, to test that an answered change survives it.</summary>
internal static class ManagerCrash
{
    /// <summary>
    /// Kills the Manager with SIGKILL (no shutdown, no checkpoint) and copies its data folder, exactly as the killed
    /// process left it, to <c>flamenco-data</c> in <paramref name="restartDirectory"/>, for a new Manager to start from.
    /// </summary>
    public static async Task KillAndCopyDataAsync(ManagerProcess manager, string restartDirectory)
    {
        using var process = System.Diagnostics.Process.GetProcessById(manager.ProcessId);
        process.Kill();
        await process.WaitForExitAsync();
        var copy = Path.Combine(restartDirectory, "flamenco-data");
        Directory.CreateDirectory(copy);
        foreach (var file in Directory.GetFiles(manager.DataFolder)) File.Copy(file, Path.Combine(copy, Path.GetFileName(file)));
    }
}
