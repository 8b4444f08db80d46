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
public sealed class JobTypeCatalog
{
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
        // Cached job types hold on to their compiler plugin's code: let a replaced plugin go as soon as it is replaced.
        plugins.Changed += (_, _) => _cache.Clear();
    }

    /// <summary>The job-type folders, highest priority first: the user's folder overrides the shipped one by name.</summary>
    public IReadOnlyList<string> Directories { get; }

    /// <summary>
    /// The job types as they are now. Dispose the result when done compiling: it keeps the compiler plugins it
    /// used loaded until then.
    /// </summary>
    public JobTypeSet Current()
    {
        var lease = _plugins.Lease<IJobCompiler>();
        try
        {
            var version = lease.Version;
            var compilers = CompilersByExtension(lease);
            var jobTypes = new Dictionary<string, LoadedJobType>();
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
                        jobTypes.Remove(name);
                        continue;
                    }
                    inThisDirectory[name] = path;
                    if (jobTypes.ContainsKey(name)) continue; // overridden by a higher-priority folder

                    var compiler = CompilerOf(path, compilers);
                    var loaded = Load(path, name, compiler.Instance, version);
                    if (loaded.JobType is not null) jobTypes[name] = new LoadedJobType(loaded.JobType, path, compiler.PluginId);
                    else problems.Add(new JobTypeProblem(name, path, compiler.PluginId, loaded.Error!));
                }
            }

            foreach (var stale in _cache.Keys.Where(p => !seenPaths.Contains(p)))
            {
                // The file is gone: its compiler may hold a compiled assembly for it.
                if (_cache.TryRemove(stale, out var gone)) gone.Compiler.Forget(stale);
            }
            return new JobTypeSet(jobTypes, problems, lease);
        }
        catch
        {
            lease.Dispose();
            throw;
        }
    }

    private CachedFile Load(string path, string name, IJobCompiler compiler, long pluginVersion)
    {
        var text = File.ReadAllText(path);
        var hash = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
        if (_cache.TryGetValue(path, out var cached) && cached.Hash == hash && cached.PluginVersion == pluginVersion)
        {
            return cached;
        }

        CachedFile loaded;
        try
        {
            var source = new JobTypeSource { Name = name, FilePath = path, Text = text, ModuleDirectories = Directories };
            loaded = new CachedFile(hash, pluginVersion, compiler, compiler.Load(source), null);
            _logger.LogInformation("Loaded job type {JobType} from {Path} (etag {Etag})", name, path, loaded.JobType!.Info.Etag);
        }
        catch (JobTypeException e)
        {
            loaded = new CachedFile(hash, pluginVersion, compiler, null, e.MessageWithLocation);
            _logger.LogWarning("Job type {JobType} from {Path} cannot be used: {Error}", name, path, e.MessageWithLocation);
        }
        catch (Exception e)
        {
            // A compiler plugin bug must not take the listing down with it.
            loaded = new CachedFile(hash, pluginVersion, compiler, null, $"the job compiler failed: {e.Message}");
            _logger.LogError(e, "Job compiler failed on {Path}", path);
        }
        _cache[path] = loaded;
        return loaded;
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

    private sealed record CachedFile(string Hash, long PluginVersion, IJobCompiler Compiler, IJobType? JobType, string? Error);
}

/// <summary>A usable job type, its file, and the plugin whose compiler loaded it.</summary>
public sealed record LoadedJobType(IJobType JobType, string FilePath, string CompilerPluginId);

/// <summary>A job-type file that could not be used, the plugin whose compiler handles its extension, and why.</summary>
public sealed record JobTypeProblem(string Name, string FilePath, string CompilerPluginId, string Error);

/// <summary>A snapshot of the usable job types; keeps their compiler plugins loaded until disposed.</summary>
public sealed class JobTypeSet(IReadOnlyDictionary<string, LoadedJobType> jobTypes, IReadOnlyList<JobTypeProblem> problems, IDisposable lease) : IDisposable
{
    public IEnumerable<IJobType> JobTypes => Loaded.Select(t => t.JobType);

    public IEnumerable<LoadedJobType> Loaded => jobTypes.Values.OrderBy(t => t.JobType.Info.Name, StringComparer.Ordinal);

    public IReadOnlyList<JobTypeProblem> Problems => problems;

    public IJobType? Find(string name) => jobTypes.GetValueOrDefault(name)?.JobType;

    public void Dispose() => lease.Dispose();
}
