using System.Diagnostics;
using System.Runtime.CompilerServices;
using Flamenco.Plugins.JobTypes;

namespace Flamenco.Plugins.JobCompilers.CSharp.Running;

/// <summary>
/// One run of a job type's code (a load or a compile): its host context and its budget. Ambient (an
/// <see cref="AsyncLocal{T}"/>), so the woven-in checks and the author helpers find it without being handed anything,
/// and so it flows into tasks a job type might start.
/// </summary>
internal sealed class RunScope : IDisposable
{
    private static readonly AsyncLocal<RunScope?> Ambient = new();

    private readonly RunScope? _outer;
    // Compared on every check rather than fired by a timer: a timer's callback runs on the thread pool, and when the
    // pool is starved (a busy Manager) it fired many seconds late.
    private readonly long _deadline;
    private readonly CancellationToken _cancellation;
    private readonly int _threadId = Environment.CurrentManagedThreadId;
    private readonly long _allocatedAtStart = GC.GetAllocatedBytesForCurrentThread();
    private readonly CSharpLimits _limits;
    // The woven-in checks run only in the job type's own code; a host helper that runs long inside one call (the
    // frame chunker) watches this instead: the same deadline and the submission's cancellation.
    private readonly CancellationTokenSource _hostCancellation;
    private int _tasksMade;

    private RunScope(string jobTypeName, CSharpLimits limits, JobCompileContext context)
    {
        JobTypeName = jobTypeName;
        Context = context;
        _limits = limits;
        _deadline = Stopwatch.GetTimestamp() + (long)(limits.Timeout.TotalSeconds * Stopwatch.Frequency);
        _cancellation = context.CancellationToken;
        _outer = Ambient.Value;
        _hostCancellation = CancellationTokenSource.CreateLinkedTokenSource(context.CancellationToken);
        _hostCancellation.CancelAfter(limits.Timeout);
    }

    /// <summary>Fires at the time limit or when the submission is abandoned; host helpers that may run long watch it.</summary>
    public CancellationToken HostCancellation => _hostCancellation.Token;

    public static RunScope? Current => Ambient.Value;

    public string JobTypeName { get; }

    public JobCompileContext Context { get; }

    /// <summary>Why the run was stopped, once it was; sticky, so a job type that swallows the exception still fails.</summary>
    public BudgetExceededException? Exceeded { get; private set; }

    public static RunScope Enter(string jobTypeName, CSharpLimits limits, JobCompileContext context)
    {
        var scope = new RunScope(jobTypeName, limits, context);
        Ambient.Value = scope;
        return scope;
    }

    /// <summary>The check woven into job-type code. Cheap when nothing is wrong: a flag, a counter and a stack probe.</summary>
    public void Check()
    {
        if (Exceeded is not null) throw Exceeded;
        if (_cancellation.IsCancellationRequested) Stop(BudgetKind.Canceled);
        if (Stopwatch.GetTimestamp() > _deadline) Stop(BudgetKind.Time);
        // Allocation counters are per thread; on another thread (a task the job type started) only time is checked.
        if (Environment.CurrentManagedThreadId == _threadId && GC.GetAllocatedBytesForCurrentThread() - _allocatedAtStart > _limits.MemoryLimitBytes)
        {
            Stop(BudgetKind.Memory);
        }
        if (!RuntimeHelpers.TryEnsureSufficientExecutionStack()) Stop(BudgetKind.Recursion);
    }

    /// <summary>Counts one more task made with <c>Author.Task</c>; refuses the one past <see cref="JobCompileContext.MaxTasks"/>.</summary>
    public void CountTask()
    {
        if (++_tasksMade > Context.MaxTasks)
        {
            throw new JobTypeException($"job type {JobTypeName} made more than {Context.MaxTasks:N0} tasks, the limit of tasks per job (max_tasks_per_job)");
        }
    }

    /// <summary>Fails the run if any check stopped it, even when the job type caught the exception.</summary>
    public void ThrowIfExceeded()
    {
        if (Exceeded is not null) throw Exceeded;
    }

    public JobTypeException Describe(BudgetExceededException exceeded) => exceeded.Kind switch
    {
        BudgetKind.Canceled => new JobTypeException($"compiling with job type {JobTypeName} was canceled"),
        BudgetKind.Time => new JobTypeException($"job type {JobTypeName} exceeded its time limit of {_limits.Timeout.TotalSeconds:0.###} s"),
        BudgetKind.Memory => new JobTypeException($"job type {JobTypeName} exceeded its memory limit of {_limits.MemoryLimitBytes / (1024 * 1024):N0} MB"),
        _ => new JobTypeException($"job type {JobTypeName} exceeded its recursion depth limit (the calls nest too deep for the stack)"),
    };

    public void Dispose()
    {
        Ambient.Value = _outer;
        _hostCancellation.Dispose();
    }

    private void Stop(BudgetKind kind)
    {
        Exceeded = new BudgetExceededException(kind);
        throw Exceeded;
    }
}
