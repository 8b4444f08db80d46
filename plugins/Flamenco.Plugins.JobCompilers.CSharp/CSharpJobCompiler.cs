using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using Flamenco.Plugins.JobCompilers.CSharp.Caching;
using Flamenco.Plugins.JobTypes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Flamenco.Plugins.JobCompilers.CSharp;

/// <summary>
/// Job types written in C# (<c>.csx</c> files; the author API is in <see cref="Authoring"/>). Each file version is
/// compiled once, keyed by its path and content hash, into its own collectible load context; when the file's content
/// changes, the previous version's context is unloaded. When the host offers a cache folder
/// (<see cref="JobTypeSource.CacheDirectory"/>), compiled assemblies are kept there and a restart loads them instead of
/// compiling again (<see cref="CompiledAssemblyCache"/>). Every run is bounded by <see cref="CSharpLimits"/>.
/// </summary>
/// <remarks>
/// C# job types run with the Manager's full trust (files, processes, network): like plugins, they are for
/// administrators to install, not for submitters to send. The budget stops runaway code, not malicious code.
/// </remarks>
public sealed class CSharpJobCompiler : IJobCompiler
{
    private readonly CSharpLimits _limits;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly Lock _gate = new();
    private readonly Lock _compileGate = new();
    private readonly ConcurrentDictionary<string, Lock> _fileLocks = new(StringComparer.Ordinal);
    private readonly Dictionary<string, CSharpJobType> _loaded = new(StringComparer.Ordinal);
    private readonly Dictionary<string, CompiledAssemblyCache> _caches = new(StringComparer.Ordinal);

    /// <summary>The constructor the plugin host uses: limits come from the plugin's configuration section.</summary>
    [ActivatorUtilitiesConstructor]
    public CSharpJobCompiler(IPluginContext context, TimeProvider time, ILogger<CSharpJobCompiler> logger)
        : this(CSharpLimits.FromConfiguration(context.Configuration), logger, time)
    {
    }

    /// <summary>Creates a compiler with explicit limits (for tests and embedding); <paramref name="time"/> dates cache entries.</summary>
    public CSharpJobCompiler(CSharpLimits limits, ILogger? logger = null, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(limits);
        _limits = limits;
        _logger = logger ?? NullLogger.Instance;
        _time = time ?? TimeProvider.System;
    }

    /// <inheritdoc />
    public IReadOnlyCollection<string> FileExtensions { get; } = [".csx"];

    /// <inheritdoc />
    public IJobType Load(JobTypeSource source)
    {
        ArgumentNullException.ThrowIfNull(source);
        var hash = ContentHash(source);
        // One version of a file at a time, so the same file is never compiled twice at once; other files go on (a
        // slow top level in one job type must not hold up the others). Roslyn itself runs one compile at a time.
        lock (_fileLocks.GetOrAdd(source.FilePath, _ => new Lock()))
        {
            CSharpJobType? current;
            CompiledAssemblyCache? cache;
            lock (_gate)
            {
                if (_loaded.TryGetValue(source.FilePath, out current) && current.ContentHash == hash) return current;
                _loaded.Remove(source.FilePath);
                cache = CacheOf(source);
            }
            if (current is not null)
            {
                current.Unload();
                // The edit replaced that version for good: its cache entry would only wait to age out.
                cache?.Delete(current.Source);
            }
            var loaded = CSharpJobType.Load(source, hash, _limits, new JobCompileContext { Logger = _logger }, cache, _compileGate);
            lock (_gate) _loaded[source.FilePath] = loaded;
            return loaded;
        }
    }

    /// <summary>Quick when this version is loaded already or its compiled assembly is in the cache; a compile takes seconds.</summary>
    public bool IsQuickToLoad(JobTypeSource source)
    {
        ArgumentNullException.ThrowIfNull(source);
        lock (_gate)
        {
            if (_loaded.TryGetValue(source.FilePath, out var current) && current.ContentHash == ContentHash(source)) return true;
            return CacheOf(source) is { } cache && File.Exists(cache.EntryPath(source));
        }
    }

    /// <summary>Unloads the file's compiled assembly once nothing runs on it any more, and drops its cache entry.</summary>
    public void Forget(string filePath)
    {
        CSharpJobType? gone;
        CompiledAssemblyCache? cache;
        lock (_gate)
        {
            if (!_loaded.Remove(filePath, out gone)) return;
            cache = CacheOf(gone.Source);
        }
        gone.Unload();
        cache?.Delete(gone.Source);
    }

    /// <summary>The cache in the folder the host offers; opened (and cleaned up) on first use. Called under the lock.</summary>
    private CompiledAssemblyCache? CacheOf(JobTypeSource source)
    {
        if (source.CacheDirectory is not { } directory) return null;
        if (!_caches.TryGetValue(directory, out var cache))
        {
            cache = CompiledAssemblyCache.Open(directory, _time, _logger);
            _caches[directory] = cache;
        }
        return cache;
    }

    /// <summary>The name is part of the key: the same text under another name is another job type (its etag differs).</summary>
    private static string ContentHash(JobTypeSource source) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(source.Name + "\n" + source.Text)));
}
