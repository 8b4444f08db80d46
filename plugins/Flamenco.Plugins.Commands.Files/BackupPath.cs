using System.Text.RegularExpressions;
using Flamenco.Plugins.Authoring;

namespace Flamenco.Plugins.Commands.Files;

/// <summary>Where <c>move-directory</c> moves an existing destination out of the way, with Flamenco's naming.</summary>
internal static partial class BackupPath
{
    /// <summary>
    /// <c>&lt;path&gt;-&lt;its mtime rounded to the second, in local time, as 2006-01-02_150405&gt;</c>; when that exists
    /// too, <see cref="Unique"/> of it.
    /// </summary>
    public static string For(string path, TimeZoneInfo localTimeZone)
    {
        // A trailing separator would put the backup inside the directory being moved.
        var trimmed = Path.TrimEndingDirectorySeparator(path);
        var modified = RoundToSecond(File.GetLastWriteTimeUtc(trimmed));
        var backup = $"{trimmed}-{TimestampFormat.FormatLocal(new DateTimeOffset(modified), localTimeZone)}";
        return PathChecks.Exists(backup) ? Unique(backup) : backup;
    }

    /// <summary>
    /// <c>&lt;path&gt;-NNN</c>, where NNN is one more than the largest number ending a sibling named
    /// <c>&lt;name&gt;-*</c>, written with at least three digits: next to <c>x-1</c>, <c>x-003</c> and <c>x-46</c> it is <c>x-047</c>.
    /// </summary>
    public static string Unique(string path)
    {
        var directory = Path.GetDirectoryName(path) is { Length: > 0 } parent ? parent : ".";
        var prefix = Path.GetFileName(path) + "-";
        long highest = 0;
        foreach (var entry in Directory.EnumerateFileSystemEntries(directory))
        {
            var name = Path.GetFileName(entry);
            if (!name.StartsWith(prefix, StringComparison.Ordinal)) continue;
            if (NumberSuffix().Match(name) is { Success: true } suffix && long.TryParse(suffix.Groups[1].Value, out var number))
            {
                highest = Math.Max(highest, number);
            }
        }
        return $"{path}-{highest + 1:000}";
    }

    /// <summary>Go's <c>Round(time.Second)</c>: half a second rounds up.</summary>
    private static DateTime RoundToSecond(DateTime utc)
    {
        var remainder = utc.Ticks % TimeSpan.TicksPerSecond;
        var down = utc.AddTicks(-remainder);
        return remainder >= TimeSpan.TicksPerSecond / 2 ? down.AddSeconds(1) : down;
    }

    [GeneratedRegex("-([0-9]+)$")]
    private static partial Regex NumberSuffix();
}
