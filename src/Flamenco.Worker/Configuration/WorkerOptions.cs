using Microsoft.Extensions.Configuration;

namespace Flamenco.Worker.Configuration;

/// <summary>
/// Worker settings. Keys are Flamenco's (<c>flamenco-worker.yaml</c>, reference §4.1), so an existing Flamenco
/// configuration file works; the ones Flamenco does not have are marked as ours.
/// </summary>
public sealed class WorkerOptions
{
    /// <summary>The task types a worker advertises when its configuration names none.</summary>
    public static readonly IReadOnlyList<string> DefaultTaskTypes = ["blender", "ffmpeg", "file-management", "misc"];

    /// <summary>The Manager's base URL, used as written (no scheme is added, unlike <c>-manager</c>).</summary>
    [ConfigurationKeyName("manager_url")]
    public string ManagerUrl { get; set; } = "";

    /// <summary>The worker's name; empty means <c>FLAMENCO_WORKER_NAME</c>, then the host name.</summary>
    [ConfigurationKeyName("worker_name")]
    public string WorkerName { get; set; } = "";

    /// <summary>
    /// The task types this worker accepts, sent at registration and sign-on. Null (not configured) means
    /// <see cref="DefaultTaskTypes"/>: a default list here would be appended to, not replaced, by the binder.
    /// </summary>
    [ConfigurationKeyName("task_types")]
    public List<string>? TaskTypes { get; set; }

    /// <summary>Exit code when the Manager asks for a restart; non-zero makes the worker restartable.</summary>
    [ConfigurationKeyName("restart_exit_code")]
    public int RestartExitCode { get; set; }

    /// <summary>Linux only: the <c>oom_score_adj</c> (0..1000) given to the processes commands start; unset leaves it alone.</summary>
    [ConfigurationKeyName("oom_score_adjust")]
    public int? OomScoreAdjust { get; set; }

    /// <summary>Ours: how long one request to the Manager may take before it counts as unanswered and is tried again.</summary>
    [ConfigurationKeyName("request_timeout_seconds")]
    public int RequestTimeoutSeconds { get; set; } = DefaultRequestTimeoutSeconds;

    public const int DefaultRequestTimeoutSeconds = 60;

    /// <summary>Ours: where command plugins are loaded from; relative paths are next to the executable.</summary>
    [ConfigurationKeyName("plugins_directory")]
    public string PluginsDirectory { get; set; } = "plugins";

    public IReadOnlyList<string> EffectiveTaskTypes => TaskTypes is { Count: > 0 } types ? types : DefaultTaskTypes;
}
