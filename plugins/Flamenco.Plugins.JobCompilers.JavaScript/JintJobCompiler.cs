using Acornima;
using Acornima.Ast;
using Flamenco.Plugins.JobCompilers.JavaScript.Runtime;
using Flamenco.Plugins.JobTypes;
using Jint;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Flamenco.Plugins.JobCompilers.JavaScript;

/// <summary>
/// Runs Flamenco job-type JavaScript files with Jint, unchanged: the same globals (<c>author</c>, <c>path</c>,
/// <c>process</c>, <c>frameChunker</c>, <c>print</c>, …), the same <c>JOB_TYPE</c> rules and the same task output.
/// Each file is parsed once when loaded; every load and every compile runs on a fresh engine inside
/// <see cref="JavaScriptLimits"/>.
/// </summary>
public sealed class JintJobCompiler : IJobCompiler
{
    private readonly JavaScriptLimits _limits;
    private readonly ILogger _logger;
    private readonly ModuleScriptCache _modules = new();

    /// <summary>The constructor the plugin host uses: limits come from the plugin's configuration section.</summary>
    [ActivatorUtilitiesConstructor]
    public JintJobCompiler(IPluginContext context, ILogger<JintJobCompiler> logger)
        : this(JavaScriptLimits.FromConfiguration(context.Configuration), logger)
    {
    }

    /// <summary>Creates a compiler with explicit limits (for tests and embedding).</summary>
    public JintJobCompiler(JavaScriptLimits limits, ILogger? logger = null)
    {
        ArgumentNullException.ThrowIfNull(limits);
        _limits = limits;
        _logger = logger ?? NullLogger.Instance;
    }

    /// <inheritdoc />
    public IReadOnlyCollection<string> FileExtensions { get; } = [".js"];

    /// <inheritdoc />
    public IJobType Load(JobTypeSource source)
    {
        ArgumentNullException.ThrowIfNull(source);
        Prepared<Script> script;
        try
        {
            script = Engine.PrepareScript(source.Text, source.FilePath);
        }
        catch (Exception e) when (e is ScriptPreparationException or ParseErrorException)
        {
            throw ScriptErrors.FromParseError(e, source.FilePath);
        }

        var loadContext = new JobCompileContext { Logger = _logger };
        using var session = new ScriptSession(script, source, _limits, loadContext, _modules);
        try
        {
            session.RunTopLevel();
            var info = JobTypeReader.Read(session, source);
            if (!session.HasCompileJobFunction())
            {
                throw new JobTypeException($"script ({Path.GetFileName(source.FilePath)}) does not define a compileJob(job) function", source.FilePath);
            }
            return new JintJobType(info, script, source, _limits, _modules);
        }
        catch (Exception e) when (ScriptErrors.IsScriptFailure(e))
        {
            throw ScriptErrors.Map(e, source, _limits, loadContext.CancellationToken);
        }
    }
}
