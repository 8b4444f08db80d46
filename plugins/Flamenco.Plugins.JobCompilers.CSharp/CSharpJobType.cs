using Flamenco.Plugins.JobCompilers.CSharp.Authoring;
using Flamenco.Plugins.JobCompilers.CSharp.Caching;
using Flamenco.Plugins.JobCompilers.CSharp.Compilation;
using Flamenco.Plugins.JobCompilers.CSharp.Loading;
using Flamenco.Plugins.JobCompilers.CSharp.Running;
using Flamenco.Plugins.JobTypes;

namespace Flamenco.Plugins.JobCompilers.CSharp;

/// <summary>
/// One version of a C# job-type file: compiled once, living in its own collectible load context until
/// <see cref="Unload"/>. Every load and compile runs a fresh instance of the compiled class inside the budget.
/// </summary>
internal sealed class CSharpJobType : IJobType
{
    private readonly Type _type;
    private readonly JobTypeSource _source;
    private readonly CSharpLimits _limits;
    private JobTypeLoadContext? _context;

    private CSharpJobType(JobTypeLoadContext context, Type type, JobTypeSource source, string contentHash, CSharpLimits limits)
    {
        _context = context;
        _type = type;
        _source = source;
        _limits = limits;
        ContentHash = contentHash;
    }

    /// <summary>Set once, by <see cref="Load"/>, from what the file's top level assigned to <c>JobType</c>.</summary>
    public JobTypeInfo Info { get; private set; } = null!;

    /// <summary>Which file content this version was compiled from.</summary>
    public string ContentHash { get; }

    /// <summary>The file version this was compiled from.</summary>
    public JobTypeSource Source => _source;

    /// <summary>
    /// Compiles <paramref name="source"/> (or takes its compiled assembly from <paramref name="cache"/>), loads it and
    /// reads its definition (running its top level once). Roslyn runs under <paramref name="compileGate"/>: compiles
    /// are CPU-bound, one at a time is enough.
    /// </summary>
    /// <exception cref="JobTypeException">It does not compile, or its top level fails or does not define the job type.</exception>
    public static CSharpJobType Load(JobTypeSource source, string contentHash, CSharpLimits limits, JobCompileContext loadContext, CompiledAssemblyCache? cache, Lock compileGate)
    {
        var (context, type) = LoadAssembly(source, limits, cache, compileGate);
        try
        {
            var jobType = new CSharpJobType(context, type, source, contentHash, limits);
            jobType.Info = DefinitionReader.Read(jobType.Run(loadContext, script => script.JobType), source);
            return jobType;
        }
        catch
        {
            context.Unload();
            throw;
        }
    }

    /// <summary>The cached assembly when there is a usable one, otherwise a fresh compile, which then goes into the cache.</summary>
    private static (JobTypeLoadContext Context, Type JobType) LoadAssembly(JobTypeSource source, CSharpLimits limits, CompiledAssemblyCache? cache, Lock compileGate)
    {
        if (cache?.TryRead(source) is { } cached)
        {
            try
            {
                return JobTypeLoadContext.Load(cached);
            }
            catch (Exception e) when (e is BadImageFormatException or FileLoadException or TypeLoadException)
            {
                // Intact on disk but not loadable: a damaged write the checksum could not tell apart. Compile afresh.
                cache.Delete(source);
            }
        }
        CompiledAssembly compiled;
        lock (compileGate) compiled = RoslynCompiler.Compile(source, limits);
        cache?.Write(source, compiled);
        return JobTypeLoadContext.Load(compiled);
    }

    public AuthoredJob Compile(JobToCompile job, JobCompileContext context)
    {
        ArgumentNullException.ThrowIfNull(job);
        ArgumentNullException.ThrowIfNull(context);
        return Run(context, script =>
        {
            var authored = new Job(job);
            script.Compile(authored);
            return authored.Finish();
        });
    }

    /// <summary>
    /// Lets the load context go. Compiles still running finish first: the runtime unloads the context only once
    /// nothing references its code any more.
    /// </summary>
    public void Unload() => Interlocked.Exchange(ref _context, null)?.Unload();

    /// <summary>Runs a fresh instance's top level, then <paramref name="body"/>, inside the budget.</summary>
    private T Run<T>(JobCompileContext context, Func<JobTypeScript, T> body)
    {
        using var scope = RunScope.Enter(_source.Name, _limits, context);
        try
        {
            context.CancellationToken.ThrowIfCancellationRequested();
            var script = (JobTypeScript)Activator.CreateInstance(_type)!;
            script.Define();
            var result = body(script);
            scope.ThrowIfExceeded();
            return result;
        }
        catch (OperationCanceledException) when (context.CancellationToken.IsCancellationRequested)
        {
            throw new JobTypeException($"compiling with job type {_source.Name} was canceled", _source.FilePath);
        }
        catch (Exception e)
        {
            throw RunErrors.Map(e, scope, _source);
        }
    }
}
