namespace Flamenco.Worker.Configuration;

/// <summary>The worker's settings after the configuration layers are merged and checked.</summary>
internal sealed record WorkerSettings
{
    /// <summary>Where API paths (<c>api/v3/...</c>) are resolved against; always ends in <c>/</c>.</summary>
    public required Uri ManagerAddress { get; init; }

    public required string Name { get; init; }

    public required IReadOnlyList<string> TaskTypes { get; init; }

    public int RestartExitCode { get; init; }

    /// <summary>Whether the Manager may ask this worker to restart: only when a restart has its own exit code.</summary>
    public bool CanRestart => RestartExitCode != 0;

    public int? OomScoreAdjust { get; init; }

    /// <summary>Flamenco home: the credentials file and the upstream queue live here.</summary>
    public required string Home { get; init; }

    public required string PluginsDirectory { get; init; }

    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(WorkerOptions.DefaultRequestTimeoutSeconds);

    public string CredentialsPath => Path.Combine(Home, "flamenco-worker-credentials.yaml");

    public string UpstreamQueuePath => Path.Combine(Home, "flamenco-worker.db");

    /// <summary>The platform name Flamenco uses (Go's GOOS).</summary>
    public static string Platform =>
        OperatingSystem.IsWindows() ? "windows" : OperatingSystem.IsMacOS() ? "darwin" : OperatingSystem.IsFreeBSD() ? "freebsd" : "linux";
}
