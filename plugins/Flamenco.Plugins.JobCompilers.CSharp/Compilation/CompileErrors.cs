using System.Globalization;
using Flamenco.Plugins.JobTypes;
using Microsoft.CodeAnalysis;

namespace Flamenco.Plugins.JobCompilers.CSharp.Compilation;

/// <summary>Turns Roslyn's errors into a <see cref="JobTypeException"/> with the job-type file's own line numbers.</summary>
internal static class CompileErrors
{
    public static JobTypeException From(IReadOnlyList<Diagnostic> errors, JobTypeSource source)
    {
        var first = errors[0];
        var more = errors.Count switch
        {
            1 => "",
            2 => " (and 1 more error)",
            _ => $" (and {errors.Count - 1} more errors)",
        };
        return new JobTypeException($"error {first.Id}: {first.GetMessage(CultureInfo.InvariantCulture)}{more}", source.FilePath, LineOf(first.Location, source));
    }

    /// <summary>The 1-based line in the job-type file, or null for the compiler's own generated code.</summary>
    public static int? LineOf(Location location, JobTypeSource source)
    {
        var span = location.GetMappedLineSpan();
        return span.IsValid && (span.Path == LineDirectiveName(source) || span.Path == source.FilePath) ? span.StartLinePosition.Line + 1 : null;
    }

    /// <summary>The file name the generated code's <c>#line</c> directives (and so stack traces) use.</summary>
    public static string LineDirectiveName(JobTypeSource source) => Path.GetFileName(source.FilePath).Replace('"', '_');
}
