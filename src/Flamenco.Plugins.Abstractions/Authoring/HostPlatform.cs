namespace Flamenco.Plugins.Authoring;

/// <summary>The platform names Flamenco uses (Go's GOOS values).</summary>
public static class HostPlatform
{
    /// <summary>This process's platform: <c>linux</c>, <c>windows</c>, <c>darwin</c>, <c>freebsd</c> or <c>unknown</c>.</summary>
    public static string Name { get; } =
        OperatingSystem.IsLinux() ? "linux"
        : OperatingSystem.IsWindows() ? "windows"
        : OperatingSystem.IsMacOS() ? "darwin"
        : OperatingSystem.IsFreeBSD() ? "freebsd"
        : "unknown";
}
