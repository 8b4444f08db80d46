using System.Globalization;

namespace Flamenco.Plugins.Authoring;

/// <summary>Flamenco's <c>formatTimestampLocal</c>: a timestamp as it appears in render output paths.</summary>
public static class TimestampFormat
{
    /// <summary>
    /// Formats <paramref name="timestamp"/> in <paramref name="timeZone"/> as <c>yyyy-MM-dd_HHmmss</c>,
    /// e.g. <c>2006-01-02_150405</c>.
    /// </summary>
    public static string FormatLocal(DateTimeOffset timestamp, TimeZoneInfo timeZone)
    {
        ArgumentNullException.ThrowIfNull(timeZone);
        return TimeZoneInfo.ConvertTime(timestamp, timeZone).ToString("yyyy-MM-dd_HHmmss", CultureInfo.InvariantCulture);
    }
}
