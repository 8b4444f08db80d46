using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using Flamenco.Manager.Hosting;
using Flamenco.PluginHost;
using Flamenco.Plugins.JobTypes;
using Microsoft.Extensions.Options;

namespace Flamenco.Manager.JobCompilation;

/// <summary>
/// The job types in the job-type folders, compiled by whichever compiler plugin handles each file's extension.
/// Like Flamenco, the folders are read on every request, so adding, editing or removing a file takes effect without
/// a restart; unlike Flamenco, each file version is prepared only once (keyed by its content hash and the plugin
/// catalog's version, so a reloaded compiler plugin prepares everything again).
/// </summary>
/// <remarks>
/// Preparing runs in the background, one task per file version, so a job type that takes long (a C# file compiles for
/// seconds) holds up neither the others nor the listing: a listing waits up to <see cref="ListingWait"/> only for the
/// file versions it found new itself (an edit), never for compiles already under way, then shows what is ready and
/// reports the rest as compiling; a lookup by name (a submission, <c>GET jobs/type/{name}</c>) waits for its own type
/// up to <see cref="LookupWait"/>. At startup <see cref="JobTypeWarmUp"/> starts every compile and waits for the
/// quick ones (<see cref="IJobCompiler.IsQuickToLoad"/>) before the Manager listens. Compilers keep what they prepared in <see cref="CacheDirectory"/>, one folder each, so
/// a restart is quick (the C# compiler keeps its assemblies there).
/// </remarks>
public sealed class JobTypeCatalog
{
    /// <summary>
    /// How long a listing waits for the file versions it started preparing: enough for a JavaScript file or a cached C#
    /// one to be listed by the request that first sees it, little enough that a long compile does not hold it up.
    /// </summary>
    public static readonly TimeSpan ListingWait = TimeSpan.FromMilliseconds(50);

    /// <summary>How long a lookup by name waits for its job type to compile: beyond the C# compiler's own 60 s budget.</summary>
    public static readonly TimeSpan LookupWait = TimeSpan.FromSeconds(90);

    /// <summary>Files shorter than this are placeholders, not job types (Flamenco's rule).</summary>
    private const int MinimumFileLength = 8;

    private readonly ConcurrentDictionary<string, CachedFile> _cache = new();
    private readonly IPluginCatalog _plugins;
    private readonly ILogger<JobTypeCatalog> _logger;

    public JobTypeCatalog(IPluginCatalog plugins, IOptions<ManagerOptions> options, ILogger<JobTypeCatalog> logger)
    {
        _plugins = plugins;
        _logger = logger;
        Directories = [options.Value.UserJobTypesPath, options.Value.ShippedJobTypesPath];
        CacheDirectory = options.Value.JobTypeCachePath;
        // Cached job types hold on to their compiler plugin's code: let a replaced plugin go as soon as it is replaced.
        plugins.Changed += (_, _) => _cache.Clear();
    }

    /// <summary>The job-type folders, highest priority first: the user's folder overrides the shipped one by name.</summary>
    public IReadOnlyList<string> Directories { get; }

    /// <summary>Where compilers keep what they prepared across restarts: a folder per compiler plugin id.</summary>
    public string CacheDirectory { get; }

    /// <summary>
    /// The job types as they are now, after waiting up to <see cref="ListingWait"/> for those being prepared. Dispose
    /// the result when done compiling: it keeps the compiler plugins it used loaded until then.
    /// </summary>
    public JobTypeSet Current() => Current(ListingWait);

    /// <summary>The job types as they are now, after waiting up to <paramref name="wait"/> for those being prepared.</summary>
    public JobTypeSet Current(TimeSpan wait)
    {
        var lease = _plugins.Lease<IJobCompiler>();
        try
        {
            var version = lease.Version;
            var compilers = CompilersByExtension(lease);
            var files = new Dictionary<string, JobTypeFile>();
            var started = new List<Task>();
            var problems = new List<JobTypeProblem>();
            var seenPaths = new HashSet<string>();

            foreach (var directory in Directories)
            {
                var inThisDirectory = new Dictionary<string, string>();
                foreach (var path in JobTypeFiles(directory, compilers))
                {
                    seenPaths.Add(path);
                    var name = NameOf(path);
                    if (inThisDirectory.TryGetValue(name, out var other))
                    {
                        problems.Add(new JobTypeProblem(name, path, CompilerOf(path, compilers).PluginId, $"job type \"{name}\" is defined twice in {directory}: {Path.GetFileName(other)} and {Path.GetFileName(path)}"));
                        files.Remove(name);
                        continue;
                    }
                    inThisDirectory[name] = path;
                    if (files.ContainsKey(name)) continue; // overridden by a higher-priority folder

                    var compiler = CompilerOf(path, compilers);
                    var (file, isNew) = Load(path, name, compiler, version);
                    files[name] = new JobTypeFile(name, path, compiler.PluginId, file.Loading, file.Quick);
                    if (isNew) started.Add(file.Loading);
                }
            }

            foreach (var stale in _cache.Keys.Where(p => !seenPaths.Contains(p)))
            {
                // The file is gone: its compiler may hold a compiled assembly for it, once it has finished preparing it.
                if (!_cache.TryRemove(stale, out var gone)) continue;
                if (gone.Loading.IsCompleted) gone.Compiler.Forget(stale);
                else gone.Loading.ContinueWith(_ => gone.Compiler.Forget(stale), TaskScheduler.Default);
            }

            if (started.Count > 0 && wait > TimeSpan.Zero) Task.WhenAll(started).Wait(wait);
            return new JobTypeSet(files, problems, lease);
        }
        catch
        {
            lease.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Starts preparing every job type and waits until the quick ones are ready (or failed), up to
    /// <paramref name="timeout"/>; the others go on in the background. The job types still being prepared then.
    /// </summary>
    public async Task<IReadOnlyList<string>> PrepareAsync(TimeSpan timeout)
    {
        using var jobTypes = Current(TimeSpan.Zero);
        var quick = Task.WhenAll(jobTypes.Files.Where(f => f.Quick).Select(f => f.Loading));
        await Task.WhenAny(quick, Task.Delay(timeout));
        return [.. jobTypes.Files.Where(f => !f.Loading.IsCompleted).Select(f => f.Name).Order(StringComparer.Ordinal)];
    }

    /// <summary>The file's prepared version when its content and compiler are unchanged, otherwise a new one being prepared.</summary>
    private (CachedFile File, bool IsNew) Load(string path, string name, PluginExtension<IJobCompiler> compiler, long pluginVersion)
    {
        var text = File.ReadAllText(path);
        var hash = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
        if (_cache.TryGetValue(path, out var cached) && cached.Hash == hash && cached.PluginVersion == pluginVersion) return (cached, false);

        var source = new JobTypeSource
        {
            Name = name, FilePath = path, Text = text, ModuleDirectories = Directories, CacheDirectory = Path.Combine(CacheDirectory, compiler.PluginId),
        };
        // Its own lease: the compile may outlast the request that started it, and its plugin must stay loaded meanwhile.
        var lease = _plugins.Lease<IJobCompiler>();
        var loading = Task.Factory.StartNew(() =>
        {
            using (lease) return Prepare(source, compiler.Instance);
        }, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        var loaded = new CachedFile(hash, pluginVersion, compiler.Instance, loading, Quick(source, compiler.Instance));
        _cache[path] = loaded;
        return (loaded, true);
    }

    /// <summary>A compiler that cannot tell is taken as slow: waiting for it would hold up the Manager's start.</summary>
    private bool Quick(JobTypeSource source, IJobCompiler compiler)
    {
        try
        {
            return compiler.IsQuickToLoad(source);
        }
        catch (Exception e)
        {
            _logger.LogWarning(e, "Job compiler could not tell whether {Path} loads quickly", source.FilePath);
            return false;
        }
    }

    private LoadOutcome Prepare(JobTypeSource source, IJobCompiler compiler)
    {
        try
        {
            var jobType = compiler.Load(source);
            _logger.LogInformation("Loaded job type {JobType} from {Path} (etag {Etag})", source.Name, source.FilePath, jobType.Info.Etag);
            return new LoadOutcome(jobType, null);
        }
        catch (JobTypeException e)
        {
            _logger.LogWarning("Job type {JobType} from {Path} cannot be used: {Error}", source.Name, source.FilePath, e.MessageWithLocation);
            return new LoadOutcome(null, e.MessageWithLocation);
        }
        catch (Exception e)
        {
            // A compiler plugin bug must not take the listing down with it.
            _logger.LogError(e, "Job compiler failed on {Path}", source.FilePath);
            return new LoadOutcome(null, $"the job compiler failed: {e.Message}");
        }
    }

    private static Dictionary<string, PluginExtension<IJobCompiler>> CompilersByExtension(ExtensionLease<IJobCompiler> lease)
    {
        var compilers = new Dictionary<string, PluginExtension<IJobCompiler>>();
        foreach (var extension in lease.Extensions)
        {
            foreach (var fileExtension in extension.Instance.FileExtensions) compilers.TryAdd(fileExtension.ToLowerInvariant(), extension);
        }
        return compilers;
    }

    private static PluginExtension<IJobCompiler> CompilerOf(string path, Dictionary<string, PluginExtension<IJobCompiler>> compilers) =>
        compilers[Path.GetExtension(path).ToLowerInvariant()];

    private static IEnumerable<string> JobTypeFiles(string directory, Dictionary<string, PluginExtension<IJobCompiler>> compilers)
    {
        if (!Directory.Exists(directory)) return [];
        return new DirectoryInfo(directory).EnumerateFiles()
            .Where(f => compilers.ContainsKey(f.Extension.ToLowerInvariant()) && f.Length >= MinimumFileLength)
            .OrderBy(f => f.Name, StringComparer.Ordinal)
            .Select(f => f.FullName);
    }

    /// <summary>File name without extension, <c>_</c> read as <c>-</c>, so Flamenco's <c>simple_blender_render.js</c> keeps its name.</summary>
    private static string NameOf(string path) => Path.GetFileNameWithoutExtension(path).Replace('_', '-');

    private sealed record CachedFile(string Hash, long PluginVersion, IJobCompiler Compiler, Task<LoadOutcome> Loading, bool Quick);
}

/// <summary>What preparing one file version gave: its job type, or why there is none.</summary>
public sealed record LoadOutcome(IJobType? JobType, string? Error);

/// <summary>A job-type file in use under its name, its preparation (done or still running), and whether that is quick.</summary>
public sealed record JobTypeFile(string Name, string FilePath, string CompilerPluginId, Task<LoadOutcome> Loading, bool Quick);

/// <summary>A usable job type, its file, and the plugin whose compiler loaded it.</summary>
public sealed record LoadedJobType(IJobType JobType, string FilePath, string CompilerPluginId);

/// <summary>A job-type file that could not be used, the plugin whose compiler handles its extension, and why.</summary>
public sealed record JobTypeProblem(string Name, string FilePath, string CompilerPluginId, string Error);

/// <summary>
/// A snapshot of the job types: those ready when it was taken, those that failed, and those still compiling. Keeps
/// their compiler plugins loaded until disposed.
/// </summary>
public sealed class JobTypeSet : IDisposable
{
    private readonly IReadOnlyDictionary<string, JobTypeFile> _files;
    private readonly IDisposable _lease;

    public JobTypeSet(IReadOnlyDictionary<string, JobTypeFile> files, IReadOnlyList<JobTypeProblem> duplicates, IDisposable lease)
    {
        _files = files;
        _lease = lease;
        var ready = files.Values.Where(f => f.Loading.IsCompleted).ToList();
        Loaded = [.. ready.Where(f => f.Loading.Result.JobType is not null)
            .Select(f => new LoadedJobType(f.Loading.Result.JobType!, f.FilePath, f.CompilerPluginId))
            .OrderBy(t => t.JobType.Info.Name, StringComparer.Ordinal)];
        Problems = [.. duplicates, .. ready.Where(f => f.Loading.Result.JobType is null)
            .Select(f => new JobTypeProblem(f.Name, f.FilePath, f.CompilerPluginId, f.Loading.Result.Error!))];
        Compiling = [.. files.Values.Where(f => !f.Loading.IsCompleted).OrderBy(f => f.Name, StringComparer.Ordinal)];
    }

    public IEnumerable<IJobType> JobTypes => Loaded.Select(t => t.JobType);

    /// <summary>The job types that were ready when the snapshot was taken.</summary>
    public IReadOnlyList<LoadedJobType> Loaded { get; }

    public IReadOnlyList<JobTypeProblem> Problems { get; }

    /// <summary>The job-type files still being prepared when the snapshot was taken.</summary>
    public IReadOnlyList<JobTypeFile> Compiling { get; }

    /// <summary>Every job-type file in use, ready or not.</summary>
    public IEnumerable<JobTypeFile> Files => _files.Values;

    /// <summary>The job type of that name if it is ready now.</summary>
    public IJobType? Find(string name) =>
        _files.GetValueOrDefault(name) is { Loading.IsCompletedSuccessfully: true } file ? file.Loading.Result.JobType : null;

    /// <summary>
    /// The job type of that name, waiting up to <paramref name="wait"/> for it to finish compiling. Null when there is
    /// no such type, it failed, or it is still compiling (see <see cref="IsCompiling"/>).
    /// </summary>
    public IJobType? Find(string name, TimeSpan wait, CancellationToken cancellationToken)
    {
        if (_files.GetValueOrDefault(name) is not { } file) return null;
        try
        {
            file.Loading.Wait(wait, cancellationToken);
        }
        catch (OperationCanceledException)
        {
            return null;
        }
        return Find(name);
    }

    /// <summary>Whether the job type of that name is being prepared right now.</summary>
    public bool IsCompiling(string name) => _files.GetValueOrDefault(name) is { Loading.IsCompleted: false };

    public void Dispose() => _lease.Dispose();
}
