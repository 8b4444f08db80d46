using Acornima.Ast;
using Flamenco.Plugins.JobCompilers.JavaScript.Runtime;
using Flamenco.Plugins.JobTypes;
using Jint;

namespace Flamenco.Plugins.JobCompilers.JavaScript;

/// <summary>One loaded job-type file: its parsed script, shared by every compile (a prepared script is thread-safe).</summary>
internal sealed class JintJobType(JobTypeInfo info, Prepared<Script> script, JobTypeSource source, JavaScriptLimits limits, ModuleScriptCache modules)
    : IJobType
{
    public JobTypeInfo Info { get; } = info;

    public AuthoredJob Compile(JobToCompile job, JobCompileContext context)
    {
        ArgumentNullException.ThrowIfNull(job);
        ArgumentNullException.ThrowIfNull(context);
        try
        {
            // A submission abandoned before it started is reported like one abandoned while running.
            context.CancellationToken.ThrowIfCancellationRequested();
            using var session = new ScriptSession(script, source, limits, context, modules);
            // As in Flamenco, the whole top level runs again for every compile (its print() calls included).
            session.RunTopLevel();
            return session.CompileJob(job);
        }
        catch (Exception e) when (ScriptErrors.IsScriptFailure(e))
        {
            throw ScriptErrors.Map(e, source, limits, context.CancellationToken);
        }
    }
}
