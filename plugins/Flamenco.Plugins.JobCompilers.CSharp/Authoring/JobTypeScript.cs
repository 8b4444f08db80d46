using Flamenco.Plugins.Authoring;
using Flamenco.Plugins.JobCompilers.CSharp.Running;
using Microsoft.Extensions.Logging;

namespace Flamenco.Plugins.JobCompilers.CSharp.Authoring;

/// <summary>
/// The base of every compiled <c>.csx</c> job type. The compiler wraps the file in a class deriving from this one:
/// the file's top-level statements become <see cref="RunTopLevel"/>, its methods, fields and types become members, and
/// <c>CompileJob(Job job)</c> is called for each submission. So everything here is in scope in a job-type file:
/// the JavaScript globals (<c>frameChunker</c>, <c>print</c>, <c>process.platform</c>, …) as C# members.
/// </summary>
/// <remarks>
/// A fresh instance runs for every load and every compile, so fields start over each time, as a JavaScript job
/// type's top level does. The helpers are static (they read the current run), so nested types may call them too.
/// </remarks>
public abstract class JobTypeScript
{
    /// <summary>The job type's definition; the file's top-level statements must set it.</summary>
    public JobTypeDefinition? JobType { get; set; }

    /// <summary>The Manager's platform: <c>linux</c>, <c>windows</c> or <c>darwin</c> (JavaScript's <c>process.platform</c>).</summary>
    protected static string Platform => CurrentRun.Context.Platform;

    /// <summary>
    /// Splits a frame range (<c>"1-10,20..25"</c>) into chunks of <paramref name="chunkSize"/> frames, counted by frame:
    /// <c>FrameChunker("1-10", 4)</c> gives <c>1-4</c>, <c>5-8</c>, <c>9,10</c>.
    /// </summary>
    /// <exception cref="JobTypes.JobTypeException">The range makes more chunks than a job may have tasks (<c>max_tasks_per_job</c>).</exception>
    protected static IReadOnlyList<string> FrameChunker(string frameRange, int chunkSize) =>
        Plugins.Authoring.FrameChunker.Chunk(frameRange, chunkSize, CurrentRun.Context.MaxTasks, CurrentRun.HostCancellation);

    /// <summary>The number of distinct frames in a frame range.</summary>
    protected static int FrameCount(string frameRange) => Plugins.Authoring.FrameChunker.Count(frameRange);

    /// <summary>Splits a command line into words, with quotes and escapes: <c>ShellSplit("-a 'b c'")</c> gives <c>-a</c>, <c>b c</c>.</summary>
    protected static IReadOnlyList<string> ShellSplit(string text) => Plugins.Authoring.ShellSplit.Split(text);

    /// <summary><paramref name="timestamp"/> as <c>2006-01-02_150405</c> in the Manager's time zone.</summary>
    protected static string FormatTimestampLocal(DateTimeOffset timestamp) => TimestampFormat.FormatLocal(timestamp, CurrentRun.Context.TimeZone);

    /// <summary>Logs the values, space-separated, at information level.</summary>
    protected static void Print(params object?[] values) => Log(LogLevel.Information, values);

    /// <summary>Logs the values, space-separated, at warning level.</summary>
    protected static void Alert(params object?[] values) => Log(LogLevel.Warning, values);

    /// <summary>The file's top-level statements (generated).</summary>
    protected abstract void RunTopLevel();

    /// <summary>Calls the file's <c>CompileJob</c> (generated).</summary>
    protected abstract void RunCompileJob(Job job);

    internal void Define() => RunTopLevel();

    internal void Compile(Job job) => RunCompileJob(job);

    private static RunScope CurrentRun =>
        RunScope.Current ?? throw new InvalidOperationException("job-type helpers work only while the job type is loaded or compiling a job");

    private static void Log(LogLevel level, object?[] values)
    {
        var run = CurrentRun;
        if (!run.Context.Logger.IsEnabled(level)) return;
        var text = string.Join(' ', values.Select(v => v is null ? "null" : JsonValues.Display(v)));
        run.Context.Logger.Log(level, "Job type {JobType}: {Message}", run.JobTypeName, text);
    }
}
