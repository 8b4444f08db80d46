using Flamenco.Manager.Variables;

namespace Flamenco.Manager.Hosting;

/// <summary>
/// Manager settings. Keys are Flamenco's (<c>flamenco-manager.yaml</c>), so an existing Flamenco configuration
/// file works; the ones Flamenco does not have are marked as ours.
/// </summary>
public sealed class ManagerOptions
{
    /// <summary>Shown by <c>GET /api/v3/version</c> as <c>name</c>.</summary>
    [ConfigurationKeyName("manager_name")]
    public string ManagerName { get; set; } = "Flamenco";

    /// <summary>
    /// Ours: how much the Manager logs, with Flamenco's level names: <c>trace</c>, <c>debug</c>, <c>info</c> (the
    /// default: one line per change a client asks for, lifecycle and farm events), <c>warn</c> or <c>error</c>.
    /// Worker-protocol requests and reads are logged at <c>debug</c>. Also <c>--log-level</c> on the command line.
    /// </summary>
    [ConfigurationKeyName("log_level")]
    public string LogLevel { get; set; } = "info";

    /// <summary>Address to listen on, Go style: <c>:8080</c> (all interfaces) or <c>127.0.0.1:8080</c>.</summary>
    [ConfigurationKeyName("listen")]
    public string Listen { get; set; } = ":8080";

    /// <summary>Ours: the folder holding the database, logs, user job types and Manager-local storage.</summary>
    [ConfigurationKeyName("data_folder")]
    public string DataFolder { get; set; } = "flamenco-data";

    /// <summary>The LiteDB database file; relative paths are inside <see cref="DataFolder"/>.</summary>
    [ConfigurationKeyName("database")]
    public string Database { get; set; } = "flamenco-manager.db";

    /// <summary>Manager-private files (task logs, last-rendered images); relative paths are inside <see cref="DataFolder"/>.</summary>
    [ConfigurationKeyName("local_manager_storage_path")]
    public string LocalManagerStoragePath { get; set; } = "manager-storage";

    /// <summary>Storage shared with the workers; relative paths are inside <see cref="DataFolder"/>.</summary>
    [ConfigurationKeyName("shared_storage_path")]
    public string SharedStoragePath { get; set; } = "shared-storage";

    /// <summary>Ours: where plugin folders are loaded from; relative paths are next to the executable.</summary>
    [ConfigurationKeyName("plugins_directory")]
    public string PluginsDirectory { get; set; } = "plugins";

    /// <summary>
    /// Ours: the user's job-type folder, whose files override the shipped ones (next to the executable, in
    /// <c>jobtypes</c>) by name; relative paths are inside <see cref="DataFolder"/>.
    /// </summary>
    [ConfigurationKeyName("job_types_directory")]
    public string JobTypesDirectory { get; set; } = "jobtypes";

    /// <summary>
    /// Ours: the <c>shortversion</c> reported to clients. Flamenco's Blender add-on warns before every submission
    /// unless this equals its own version, so set it to the add-on release your studio runs.
    /// </summary>
    [ConfigurationKeyName("shortversion")]
    public string? ShortVersion { get; set; }

    /// <summary>
    /// Ours: also run a Worker beside the Manager (the one built with it), so one command gives a working farm.
    /// Off by default: a production Manager usually does not render.
    /// </summary>
    [ConfigurationKeyName("local_worker")]
    public bool LocalWorker { get; set; }

    /// <summary>Failures of one task type on one job after which a worker is blocked from that type on that job.</summary>
    [ConfigurationKeyName("blocklist_threshold")]
    public int BlocklistThreshold { get; set; } = 3;

    /// <summary>Number of different workers that must fail a task before it fails for good.</summary>
    [ConfigurationKeyName("task_fail_after_softfail_count")]
    public int TaskFailAfterSoftFailCount { get; set; } = 3;

    /// <summary>
    /// A task that is active but has not been touched by its worker for this long fails (manager.md §5.4);
    /// Flamenco's duration notation (<c>10m</c>, <c>1m30s</c>). <c>0</c> switches task timeouts off.
    /// </summary>
    [ConfigurationKeyName("task_timeout")]
    public FlamencoDuration TaskTimeout { get; set; } = FlamencoDuration.FromMinutes(10);

    /// <summary>
    /// A worker that has not called the Manager for this long goes to <c>error</c> and its tasks are requeued
    /// (manager.md §5.4); <c>0</c> switches worker timeouts off. Unlike Flamenco, this does not depend on
    /// <see cref="TaskTimeout"/> being non-zero.
    /// </summary>
    [ConfigurationKeyName("worker_timeout")]
    public FlamencoDuration WorkerTimeout { get; set; } = FlamencoDuration.FromMinutes(1);

    /// <summary>
    /// Ours: most tasks one job may have. Checked while the job compiles, before its tasks are built (the frame
    /// chunker counts its chunks first), so a runaway frame range is refused at once instead of filling the
    /// Manager's memory. A million 1-frame tasks take about a minute to compile and store; raise it if you need more.
    /// </summary>
    [ConfigurationKeyName("max_tasks_per_job")]
    public int MaxTasksPerJob { get; set; } = Plugins.JobTypes.JobCompileContext.DefaultMaxTasks;

    /// <summary>
    /// Largest request body, in bytes, of every endpoint but the Shaman upload (which <c>shaman.maxFileSize</c> bounds);
    /// a larger one is answered 413. 32 MiB: far above a job submission (kilobytes) or a task update's log chunk (what a
    /// worker's commands printed since its last update), and the JSON body is read whole, so it also bounds what one
    /// request can make the Manager hold in memory.
    /// </summary>
    [ConfigurationKeyName("max_request_body_size")]
    public long MaxRequestBodySize { get; set; } = 32L << 20;

    /// <summary>Shaman settings.</summary>
    [ConfigurationKeyName("shaman")]
    public ShamanSettings Shaman { get; set; } = new();

    /// <summary>
    /// Flamenco's variables by name (manager.md §6.3). <c>blender</c> and <c>blenderArgs</c> have defaults when not
    /// configured; <c>jobs</c> is always the Manager's job storage path.
    /// </summary>
    [ConfigurationKeyName("variables")]
    public Dictionary<string, VariableDefinition> Variables { get; set; } = [];

    /// <summary>Resolves a configured path: absolute as given, relative against <paramref name="baseFolder"/>.</summary>
    public static string Resolve(string path, string baseFolder) =>
        Path.GetFullPath(Path.IsPathRooted(path) ? path : Path.Combine(baseFolder, path));

    /// <summary>The data folder as an absolute path (relative to the working directory, like Flamenco's config file).</summary>
    public string DataFolderPath => Path.GetFullPath(DataFolder);

    public string DatabasePath => Resolve(Database, DataFolderPath);

    public string SharedStoragePathFull => Resolve(SharedStoragePath, DataFolderPath);

    /// <summary>No shared storage configured: Flamenco's first run, when Shaman stays off.</summary>
    public bool IsFirstRun => string.IsNullOrWhiteSpace(SharedStoragePath);

    /// <summary>Where Shaman checkouts go, and what <c>{jobs}</c> means while Shaman is in use.</summary>
    public string ShamanCheckoutPath => Path.Combine(SharedStoragePathFull, "jobs");

    public string UserJobTypesPath => Resolve(JobTypesDirectory, DataFolderPath);

    /// <summary>What job compilers prepared (compiled C# job types), kept so a restart need not prepare it again.</summary>
    public string JobTypeCachePath => Path.Combine(DataFolderPath, "cache", "jobtypes");

    public string PluginsPath => Resolve(PluginsDirectory, AppContext.BaseDirectory);

    public string ShippedJobTypesPath => Path.Combine(AppContext.BaseDirectory, "jobtypes");
}

/// <summary>Flamenco's <c>shaman</c> section.</summary>
public sealed class ShamanSettings
{
    /// <summary>
    /// Whether Shaman uploads are offered to clients: only when a storage plugin is loaded and
    /// <c>shared_storage_path</c> is set, too. Otherwise <c>/api/v3/shaman/*</c> answers 503.
    /// </summary>
    [ConfigurationKeyName("enabled")]
    public bool Enabled { get; set; } = true;

    /// <summary>
    /// Ours: the largest file, in bytes, a client may declare for an upload or a checkout (default 1 TiB); larger
    /// sizes are refused before anything is read.
    /// </summary>
    [ConfigurationKeyName("maxFileSize")]
    public long MaxFileSize { get; set; } = 1L << 40;

    /// <summary>When stored files that no checkout uses are deleted.</summary>
    [ConfigurationKeyName("garbageCollect")]
    public ShamanGarbageCollectSettings GarbageCollect { get; set; } = new();
}

/// <summary>Flamenco's <c>shaman.garbageCollect</c> section.</summary>
public sealed class ShamanGarbageCollectSettings
{
    /// <summary>Time between collections, the first one 30 s after the start; <c>0</c> switches them off.</summary>
    [ConfigurationKeyName("period")]
    public FlamencoDuration Period { get; set; } = FlamencoDuration.FromMinutes(24 * 60);

    /// <summary>How long a stored file must have gone unused (not uploaded, asked for or checked out) before it may be deleted.</summary>
    [ConfigurationKeyName("maxAge")]
    public FlamencoDuration MaxAge { get; set; } = FlamencoDuration.FromMinutes(744 * 60);
}
