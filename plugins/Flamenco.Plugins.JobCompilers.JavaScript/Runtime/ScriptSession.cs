using System.Globalization;
using Acornima.Ast;
using Flamenco.Plugins.JobTypes;
using Jint;
using Jint.Constraints;
using Jint.Native;

namespace Flamenco.Plugins.JobCompilers.JavaScript.Runtime;

/// <summary>
/// One run of a job-type script: a fresh engine with every limit set and Flamenco's globals installed.
/// Not thread-safe (neither is a Jint engine); create one per load or compile.
/// </summary>
internal sealed class ScriptSession : IDisposable
{
    private static readonly Prepared<Script> ReadJobType =
        Engine.PrepareScript("typeof JOB_TYPE === 'undefined' ? undefined : JOB_TYPE", "(JOB_TYPE)");

    private static readonly Prepared<Script> ReadCompileJob =
        Engine.PrepareScript("typeof compileJob === 'function' ? compileJob : undefined", "(compileJob)");

    private readonly Prepared<Script> _script;
    private readonly OperationDeadlineConstraint _deadline = new();
    // The engine's constraints are checked between statements only; a host function (the frame chunker) that runs
    // long inside one call watches this instead: the same deadline and the submission's cancellation.
    private readonly CancellationTokenSource _hostCancellation;
    private int _tasksMade;

    public ScriptSession(Prepared<Script> script, JobTypeSource source, JavaScriptLimits limits, JobCompileContext context, ModuleScriptCache modules)
    {
        _script = script;
        Source = source;
        Context = context;
        Engine = new Engine(options =>
        {
            // One budget for the whole operation: Jint's TimeoutInterval would start afresh on every entry into the
            // engine (top level, compileJob, each required module), so it could not bound a compile.
            options.Constraint(_deadline);
            options.MaxStatements(limits.MaxStatements);
            options.LimitMemory(limits.MemoryLimitBytes);
            options.LimitRecursion(limits.MaxRecursionDepth);
            // Also covers recursion the call-depth limit cannot see (getters, coercions, host callbacks).
            options.Constraints.StackOverflowGuard = true;
            options.LocalTimeZone(context.TimeZone);
            options.Culture(CultureInfo.InvariantCulture);
            // Host exceptions (bad author.Task arguments, frameChunker errors, …) become JavaScript errors the
            // script may catch, as in Flamenco. Limits and the compiler's own verdicts must not be catchable.
            options.Interop.ExceptionHandler = e => e is not (JintException or JobTypeException or OperationCanceledException or TimeoutException);
        });
        _deadline.Begin(limits.Timeout, context.CancellationToken);
        _hostCancellation = CancellationTokenSource.CreateLinkedTokenSource(context.CancellationToken);
        _hostCancellation.CancelAfter(limits.Timeout);
        Modules = new ModuleLoader(this, modules);
        ScriptGlobals.Install(this);
    }

    public Engine Engine { get; }

    public JobTypeSource Source { get; }

    public JobCompileContext Context { get; }

    public ModuleLoader Modules { get; }

    /// <summary>The <c>author</c> module object, shared by the global and <c>require('author')</c>.</summary>
    public JsValue Author { get; set; } = JsValue.Undefined;

    /// <summary>The <c>path</c> module object.</summary>
    public JsValue PathModule { get; set; } = JsValue.Undefined;

    /// <summary>The <c>process</c> module object.</summary>
    public JsValue ProcessModule { get; set; } = JsValue.Undefined;

    /// <summary>Fires at the time limit or when the submission is abandoned; host functions that may run long watch it.</summary>
    public CancellationToken HostCancellation => _hostCancellation.Token;

    /// <summary>Counts one more task made with <c>author.Task</c>; refuses the one past <see cref="JobCompileContext.MaxTasks"/>.</summary>
    public void CountTask()
    {
        if (++_tasksMade > Context.MaxTasks)
        {
            throw new JobTypeException($"job type {Source.Name} made more than {Context.MaxTasks:N0} tasks, the limit of tasks per job (max_tasks_per_job)", Source.FilePath);
        }
    }

    public void RunTopLevel() => Engine.Execute(_script);

    /// <summary>The value of the top-level <c>JOB_TYPE</c> binding (a <c>const</c> is not a global property, so evaluate it).</summary>
    public JsValue JobTypeValue() => Engine.Evaluate(ReadJobType);

    public bool HasCompileJobFunction() => !Engine.Evaluate(ReadCompileJob).IsUndefined();

    public AuthoredJob CompileJob(JobToCompile job)
    {
        var compileJob = Engine.Evaluate(ReadCompileJob);
        if (compileJob.IsUndefined())
        {
            throw new JobTypeException($"script ({Path.GetFileName(Source.FilePath)}) does not define a compileJob(job) function", Source.FilePath);
        }
        var jobObject = new JobObject(this, job);
        Engine.Invoke(compileJob, JsValue.Undefined, [jobObject.Value]);
        return jobObject.Finish();
    }

    public void Dispose()
    {
        _deadline.End();
        _hostCancellation.Dispose();
        Engine.Dispose();
    }
}
