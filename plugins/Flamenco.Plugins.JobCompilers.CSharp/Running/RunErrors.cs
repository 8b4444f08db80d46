using System.Diagnostics;
using System.Reflection;
using Flamenco.Plugins.JobCompilers.CSharp.Compilation;
using Flamenco.Plugins.JobTypes;

namespace Flamenco.Plugins.JobCompilers.CSharp.Running;

/// <summary>Turns what a run of a job type threw into a <see cref="JobTypeException"/> with the author's file and line.</summary>
internal static class RunErrors
{
    /// <summary>Exceptions whose message says it all; others keep their type name, which tells a lot about a bug.</summary>
    private static readonly HashSet<Type> PlainMessages =
        [typeof(Exception), typeof(ArgumentException), typeof(InvalidOperationException), typeof(FormatException), typeof(NotSupportedException)];

    public static JobTypeException Map(Exception e, RunScope scope, JobTypeSource source)
    {
        if (e is TargetInvocationException { InnerException: { } inner }) e = inner;
        // The budget comes first: a job type that caught the budget's exception and threw another one still ran out.
        if (scope.Exceeded is { } exceeded) return Located(scope.Describe(exceeded), e, source);
        return e switch
        {
            InsufficientExecutionStackException => Located(scope.Describe(new BudgetExceededException(BudgetKind.Recursion)), e, source),
            // A host helper stopped at the deadline (cancellation by the submitter is handled before this).
            OperationCanceledException => Located(scope.Describe(new BudgetExceededException(BudgetKind.Time)), e, source),
            JobTypeException { FilePath: not null } known => known,
            JobTypeException known => new JobTypeException(known.Message, source.FilePath, LineOf(e, source), known),
            _ => new JobTypeException(PlainMessages.Contains(e.GetType()) ? e.Message : $"{e.GetType().Name}: {e.Message}", source.FilePath, LineOf(e, source), e),
        };
    }

    private static JobTypeException Located(JobTypeException described, Exception cause, JobTypeSource source) =>
        new(described.Message, source.FilePath, LineOf(cause, source), cause);

    /// <summary>The line of the innermost frame in the job-type file (the compiled code's PDB maps back to it).</summary>
    private static int? LineOf(Exception e, JobTypeSource source)
    {
        var lineName = CompileErrors.LineDirectiveName(source);
        foreach (var frame in new StackTrace(e, fNeedFileInfo: true).GetFrames())
        {
            if (frame.GetFileName() is { } file && Path.GetFileName(file) == lineName && frame.GetFileLineNumber() > 0) return frame.GetFileLineNumber();
        }
        return null;
    }
}
