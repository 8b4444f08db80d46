using System.Reflection;

namespace Flamenco.Worker;

/// <summary>The worker's version as Flamenco reports it: the release, and the git commit it was built from.</summary>
internal static class WorkerVersion
{
    private static readonly string Informational =
        typeof(WorkerVersion).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0.0.0";

    /// <summary>The release, e.g. <c>3.9-beta1</c>.</summary>
    public static string Version { get; } = Informational.Split('+')[0];

    /// <summary>The short git hash the SDK appended to the informational version, or empty.</summary>
    public static string GitHash { get; } = Informational.Split('+') is [_, var hash, ..] ? hash[..Math.Min(7, hash.Length)] : "";

    /// <summary>Sign-on's <c>software_version</c>: the version alone for releases and release candidates, else with the hash.</summary>
    public static string SoftwareVersion { get; } =
        GitHash.Length == 0 || !Version.Contains('-') || Version.Contains("-rc", StringComparison.Ordinal) ? Version : $"{Version} ({GitHash})";

    public static string UserAgent { get; } = GitHash.Length == 0 ? $"Flamenco/{Version}" : $"Flamenco/{Version} ({GitHash})";
}
