using System.Globalization;
using Microsoft.Extensions.Configuration;

namespace Flamenco.Plugins.JobCompilers.CSharp;

/// <summary>
/// The budget every run of a C# job type gets (its top-level statements and <c>CompileJob</c> together). .NET cannot
/// abort a thread, so these are enforced by checks the compiler weaves into the job type's own code
/// (see <see cref="Compilation.BudgetInstrumenter"/>): at every loop iteration, method entry and <c>goto</c>.
/// </summary>
public sealed record CSharpLimits
{
    /// <summary>Wall-clock budget of one load or compile run.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Bytes one run may allocate on its thread (allocated, not live: garbage counts too).</summary>
    public long MemoryLimitBytes { get; init; } = 1024L * 1024 * 1024;

    /// <summary>
    /// Budget of turning the source into an assembly with Roslyn. Separate from <see cref="Timeout"/>: the first
    /// compile in a process loads Roslyn and takes about a second, which says nothing about the job type.
    /// </summary>
    public TimeSpan CompileTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>
    /// Reads the limits from the plugin's configuration section: <c>TimeoutSeconds</c>, <c>MemoryLimitMegabytes</c>,
    /// <c>CompileTimeoutSeconds</c>. Missing keys keep their defaults.
    /// </summary>
    /// <exception cref="InvalidOperationException">A value is present but not a positive number.</exception>
    public static CSharpLimits FromConfiguration(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var limits = new CSharpLimits();
        if (Read(configuration, "TimeoutSeconds") is { } seconds) limits = limits with { Timeout = TimeSpan.FromSeconds(seconds) };
        if (Read(configuration, "MemoryLimitMegabytes") is { } megabytes) limits = limits with { MemoryLimitBytes = (long)(megabytes * 1024 * 1024) };
        if (Read(configuration, "CompileTimeoutSeconds") is { } compile) limits = limits with { CompileTimeout = TimeSpan.FromSeconds(compile) };
        return limits;
    }

    private static double? Read(IConfiguration configuration, string key)
    {
        var text = configuration[key];
        if (string.IsNullOrWhiteSpace(text)) return null;
        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && value > 0 && double.IsFinite(value))
        {
            return value;
        }
        throw new InvalidOperationException($"C# job compiler setting {key} must be a positive number, not \"{text}\"");
    }
}
