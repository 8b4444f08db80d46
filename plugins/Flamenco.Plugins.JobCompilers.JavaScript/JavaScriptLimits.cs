using System.Globalization;
using Microsoft.Extensions.Configuration;

namespace Flamenco.Plugins.JobCompilers.JavaScript;

/// <summary>
/// The sandbox every job-type script runs in. All four limits are always applied: without a recursion limit a deeply
/// recursive script would overflow the native stack and take the whole Manager down.
/// </summary>
public sealed record JavaScriptLimits
{
    /// <summary>Wall-clock budget of one load or compile, top-level code and <c>compileJob</c> together.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Statements one script run may execute. Keep this in the tens of millions: a 10,000-task job is well under one million.</summary>
    public int MaxStatements { get; init; } = 100_000_000;

    /// <summary>Bytes one script run may allocate (allocated, not live: a 10,000-task compile allocates about 50 MB).</summary>
    public long MemoryLimitBytes { get; init; } = 1024L * 1024 * 1024;

    /// <summary>Maximum depth of nested JavaScript calls.</summary>
    public int MaxRecursionDepth { get; init; } = 256;

    /// <summary>
    /// Reads the limits from the plugin's configuration section: <c>TimeoutSeconds</c>, <c>MaxStatements</c>,
    /// <c>MemoryLimitMegabytes</c>, <c>MaxRecursionDepth</c>. Missing keys keep their defaults.
    /// </summary>
    /// <exception cref="InvalidOperationException">A value is present but not a positive number.</exception>
    public static JavaScriptLimits FromConfiguration(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var limits = new JavaScriptLimits();
        if (Read(configuration, "TimeoutSeconds") is { } seconds) limits = limits with { Timeout = TimeSpan.FromSeconds(seconds) };
        if (Read(configuration, "MaxStatements") is { } statements) limits = limits with { MaxStatements = (int)Math.Min(statements, int.MaxValue - 1) };
        if (Read(configuration, "MemoryLimitMegabytes") is { } megabytes) limits = limits with { MemoryLimitBytes = (long)(megabytes * 1024 * 1024) };
        if (Read(configuration, "MaxRecursionDepth") is { } depth) limits = limits with { MaxRecursionDepth = (int)Math.Min(depth, int.MaxValue) };
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
        throw new InvalidOperationException($"JavaScript job compiler setting {key} must be a positive number, not \"{text}\"");
    }
}
