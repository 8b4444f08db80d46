using System.Globalization;
using Acornima;
using Flamenco.Plugins.JobTypes;
using Jint;
using Jint.Native.Object;
using Jint.Runtime;

namespace Flamenco.Plugins.JobCompilers.JavaScript.Runtime;

/// <summary>Turns what can go wrong in a script into a <see cref="JobTypeException"/> a job-type author can act on.</summary>
internal static class ScriptErrors
{
    /// <summary>Failures of the script or its sandbox, as opposed to bugs in this plugin.</summary>
    public static bool IsScriptFailure(Exception e) =>
        e is JintException or JobTypeException or TimeoutException or OperationCanceledException or ParseErrorException;

    public static JobTypeException Map(Exception e, JobTypeSource source, JavaScriptLimits limits, CancellationToken cancellation)
    {
        var name = source.Name;
        return e switch
        {
            JobTypeException { FilePath: not null } known => known,
            // From a host function (the frame chunker's limit): the script that called it is where it happened.
            JobTypeException known => new JobTypeException(known.Message, source.FilePath, innerException: known),
            JavaScriptException script => FromJavaScript(script, source),
            ScriptPreparationException or ParseErrorException => FromParseError(e, source.FilePath),
            OperationCanceledException or ExecutionCanceledException when cancellation.IsCancellationRequested =>
                new JobTypeException($"compiling with job type {name} was canceled", source.FilePath, innerException: e),
            TimeoutException or ExecutionCanceledException or OperationCanceledException =>
                new JobTypeException($"job type {name} exceeded its time limit of {Seconds(limits.Timeout)} s", source.FilePath, innerException: e),
            StatementsCountOverflowException =>
                new JobTypeException($"job type {name} exceeded its limit of {limits.MaxStatements:N0} statements", source.FilePath, innerException: e),
            MemoryLimitExceededException =>
                new JobTypeException($"job type {name} exceeded its memory limit of {limits.MemoryLimitBytes / (1024 * 1024):N0} MB", source.FilePath, innerException: e),
            RecursionDepthOverflowException recursion =>
                new JobTypeException($"job type {name} exceeded its recursion depth limit of {limits.MaxRecursionDepth} nested calls (in {recursion.CallExpressionReference})", source.FilePath, innerException: e),
            _ => new JobTypeException($"job type {name} failed: {e.Message}", source.FilePath, innerException: e),
        };
    }

    public static JobTypeException FromParseError(Exception e, string file)
    {
        var parse = e as ParseErrorException ?? e.InnerException as ParseErrorException;
        return parse is null
            ? new JobTypeException(e.Message, file, innerException: e)
            : new JobTypeException($"syntax error: {parse.Description} (column {parse.Column})", file, parse.LineNumber, e);
    }

    private static JobTypeException FromJavaScript(JavaScriptException e, JobTypeSource source)
    {
        var location = e.Location;
        var file = location.SourceFile is { Length: > 0 } sourceFile && !sourceFile.StartsWith('(') ? sourceFile : source.FilePath;
        int? line = location.Start.Line > 0 && file == location.SourceFile ? location.Start.Line : null;
        return new JobTypeException(Describe(e), file, line, e);
    }

    /// <summary>
    /// The thrown value as a person reads it: <c>throw "text"</c> gives the text; a built-in error other than a plain
    /// <c>Error</c> keeps its kind (<c>TypeError: …</c>), which says a lot about a runtime mistake.
    /// </summary>
    private static string Describe(JavaScriptException e)
    {
        // Only data properties of the built-in prototypes are read: no script may run while reporting an error.
        if (e.Error is ObjectInstance { Prototype: { } prototype } && prototype.GetOwnProperty("name").Value is { } kind
            && kind.IsString() && kind.AsString() is { } name && name.EndsWith("Error", StringComparison.Ordinal) && name != "Error")
        {
            return $"{name}: {e.Message}";
        }
        return e.Message;
    }

    private static string Seconds(TimeSpan timeout) => timeout.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture);
}
