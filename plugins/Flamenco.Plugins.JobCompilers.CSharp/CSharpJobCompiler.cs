using System.Security.Cryptography;
using System.Text;
using Flamenco.Plugins.JobTypes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Flamenco.Plugins.JobCompilers.CSharp;

/// <summary>
/// Job types written in C# (<c>.csx</c> files; the author API is in <see cref="Authoring"/>). Each file version is
/// compiled once, keyed by its path and content hash, into its own collectible load context; when the file's content
/// changes, the previous version's context is unloaded. Every run is bounded by <see cref="CSharpLimits"/>.
/// </summary>
/// <remarks>
/// C# job types run with the Manager's full trust (files, processes, network): like plugins, they are for
/// administrators to install, not for submitters to send. The budget stops runaway code, not malicious code.
/// </remarks>
public sealed class CSharpJobCompiler : IJobCompiler
{
    private readonly CSharpLimits _limits;
    private readonly ILogger _logger;
    private readonly Lock _gate = new();
    private readonly Dictionary<string, CSharpJobType> _loaded = new(StringComparer.Ordinal);

    /// <summary>The constructor the plugin host uses: limits come from the plugin's configuration section.</summary>
    [ActivatorUtilitiesConstructor]
    public CSharpJobCompiler(IPluginContext context, ILogger<CSharpJobCompiler> logger)
        : this(CSharpLimits.FromConfiguration(context.Configuration), logger)
    {
    }

    /// <summary>Creates a compiler with explicit limits (for tests and embedding).</summary>
    public CSharpJobCompiler(CSharpLimits limits, ILogger? logger = null)
    {
        ArgumentNullException.ThrowIfNull(limits);
        _limits = limits;
        _logger = logger ?? NullLogger.Instance;
    }

    /// <inheritdoc />
    public IReadOnlyCollection<string> FileExtensions { get; } = [".csx"];

    /// <inheritdoc />
    public IJobType Load(JobTypeSource source)
    {
        ArgumentNullException.ThrowIfNull(source);
        var hash = ContentHash(source);
        // One compile at a time: compiles are CPU-bound, and two requests listing job types at once must not compile
        // the same file twice.
        lock (_gate)
        {
            if (_loaded.TryGetValue(source.FilePath, out var current) && current.ContentHash == hash) return current;
            _loaded.Remove(source.FilePath);
            current?.Unload();
            var loaded = CSharpJobType.Load(source, hash, _limits, new JobCompileContext { Logger = _logger });
            _loaded[source.FilePath] = loaded;
            return loaded;
        }
    }

    /// <summary>Unloads the file's compiled assembly once nothing runs on it any more.</summary>
    public void Forget(string filePath)
    {
        lock (_gate)
        {
            if (_loaded.Remove(filePath, out var gone)) gone.Unload();
        }
    }

    /// <summary>The name is part of the key: the same text under another name is another job type (its etag differs).</summary>
    private static string ContentHash(JobTypeSource source) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(source.Name + "\n" + source.Text)));
}
