using System.ComponentModel;
using System.Globalization;
using System.Text;

namespace Flamenco.Manager.Hosting;

/// <summary>
/// A duration written the way Flamenco's configuration (Go's <c>time.ParseDuration</c>) writes it: <c>1m</c>,
/// <c>10m</c>, <c>1m30s</c>, <c>1.5h</c>, <c>500ms</c>, <c>0</c>. Binds from configuration strings.
/// </summary>
[TypeConverter(typeof(FlamencoDurationConverter))]
public readonly record struct FlamencoDuration(TimeSpan Value)
{
    private static readonly (string Unit, long Ticks)[] Units =
    [
        ("ns", 0), ("us", 10), ("µs", 10), ("μs", 10), ("ms", TimeSpan.TicksPerMillisecond),
        ("s", TimeSpan.TicksPerSecond), ("m", TimeSpan.TicksPerMinute), ("h", TimeSpan.TicksPerHour),
    ];

    public static FlamencoDuration FromMinutes(int minutes) => new(TimeSpan.FromMinutes(minutes));

    public static implicit operator TimeSpan(FlamencoDuration duration) => duration.Value;

    public static FlamencoDuration Parse(string text) =>
        TryParse(text, out var duration, out var problem) ? duration : throw new FormatException(problem);

    public static bool TryParse(string? text, out FlamencoDuration duration, out string problem)
    {
        duration = default;
        problem = "";
        var s = text?.Trim() ?? "";
        if (s.Length == 0)
        {
            problem = "a duration is required, e.g. 1m, 10m, 1m30s";
            return false;
        }
        var negative = s[0] == '-';
        if (s[0] is '-' or '+') s = s[1..];
        if (s == "0") return true;

        decimal ticks = 0;
        var i = 0;
        while (i < s.Length)
        {
            var start = i;
            while (i < s.Length && (char.IsAsciiDigit(s[i]) || s[i] == '.')) i++;
            if (i == start || !decimal.TryParse(s[start..i], NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var number))
            {
                problem = $"\"{text}\" is not a duration: expected a number at \"{s[start..]}\" (durations look like 1m, 10m, 1m30s)";
                return false;
            }
            var unitStart = i;
            while (i < s.Length && !char.IsAsciiDigit(s[i]) && s[i] != '.') i++;
            var unit = s[unitStart..i];
            var match = Units.FirstOrDefault(u => u.Unit == unit);
            if (match.Unit is null)
            {
                problem = unit.Length == 0
                    ? $"\"{text}\" is not a duration: the number {s[start..i]} needs a unit (h, m, s, ms, us or ns)"
                    : $"\"{text}\" is not a duration: unknown unit \"{unit}\" (use h, m, s, ms, us or ns)";
                return false;
            }
            ticks += match.Unit == "ns" ? number / 100 : number * match.Ticks;
        }
        if (ticks > TimeSpan.MaxValue.Ticks)
        {
            problem = $"\"{text}\" is too long a duration";
            return false;
        }
        duration = new FlamencoDuration(TimeSpan.FromTicks((long)(negative ? -ticks : ticks)));
        return true;
    }

    /// <summary>Go's notation: <c>1m30s</c>, <c>10m0s</c>, <c>0s</c>.</summary>
    public override string ToString()
    {
        if (Value == TimeSpan.Zero) return "0s";
        var text = new StringBuilder();
        var rest = Value.Duration();
        if (Value < TimeSpan.Zero) text.Append('-');
        if (rest.TotalHours >= 1) text.Append(CultureInfo.InvariantCulture, $"{(long)rest.TotalHours}h");
        if (rest.TotalMinutes >= 1) text.Append(CultureInfo.InvariantCulture, $"{rest.Minutes}m");
        var seconds = rest.Seconds + rest.Milliseconds / 1000m;
        text.Append(CultureInfo.InvariantCulture, $"{seconds:0.###}s");
        return text.ToString();
    }
}

internal sealed class FlamencoDurationConverter : TypeConverter
{
    public override bool CanConvertFrom(ITypeDescriptorContext? context, Type sourceType) => sourceType == typeof(string) || base.CanConvertFrom(context, sourceType);

    public override object? ConvertFrom(ITypeDescriptorContext? context, CultureInfo? culture, object value) =>
        value is string text ? FlamencoDuration.Parse(text) : base.ConvertFrom(context, culture, value);

    public override object? ConvertTo(ITypeDescriptorContext? context, CultureInfo? culture, object? value, Type destinationType) =>
        destinationType == typeof(string) && value is FlamencoDuration duration ? duration.ToString() : base.ConvertTo(context, culture, value, destinationType);
}
