using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Flamenco.Plugins.Commands.Shared;

/// <summary>
/// Go's text formatting of JSON-decoded values, for log lines and error texts that must read as Flamenco's do.
/// In Go a decoded JSON number is always a float64, an array a <c>[]interface {}</c>, an object a map.
/// </summary>
internal static class GoFormat
{
    /// <summary>Go's <c>%v</c> (and <c>%+v</c>): <c>47</c>, <c>0.327</c>, <c>1e+06</c>, <c>[a 47]</c>, <c>map[k:v]</c>, <c>&lt;nil&gt;</c>.</summary>
    public static string Value(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => value.GetString()!,
        JsonValueKind.Number => value.TryGetDouble(out var number) ? Float(number) : value.GetRawText(),
        JsonValueKind.True => "true",
        JsonValueKind.False => "false",
        JsonValueKind.Array => "[" + string.Join(' ', value.EnumerateArray().Select(Value)) + "]",
        // Go prints map keys sorted.
        JsonValueKind.Object => "map[" + string.Join(' ', value.EnumerateObject()
            .OrderBy(p => p.Name, StringComparer.Ordinal)
            .Select(p => $"{p.Name}:{Value(p.Value)}")) + "]",
        _ => "<nil>",
    };

    /// <summary>Go's <c>%T</c> of a JSON-decoded value, for "bad type" messages.</summary>
    public static string TypeName(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => "string",
        JsonValueKind.Number => "float64",
        JsonValueKind.True or JsonValueKind.False => "bool",
        JsonValueKind.Array => "[]interface {}",
        JsonValueKind.Object => "map[string]interface {}",
        _ => "<nil>",
    };

    /// <summary>
    /// Go's <c>%v</c> of a float64: the shortest digits that round-trip, in exponent form when the exponent is below
    /// -4 or at least 6 (<c>1e+06</c>, <c>1.5e-07</c>), in plain form otherwise.
    /// </summary>
    public static string Float(double value)
    {
        var (negative, digits, point) = ShortestDigits(value);
        var exponent = point - 1;
        var text = exponent is < -4 or >= 6 ? Exponential(digits, exponent) : Fixed(digits, point);
        return negative ? "-" + text : text;
    }

    /// <summary>Go's <c>strconv.FormatFloat(value, 'f', -1, 64)</c>: the shortest digits, never an exponent (<c>23.976</c>, <c>24</c>).</summary>
    public static string FixedFloat(double value)
    {
        var (negative, digits, point) = ShortestDigits(value);
        var text = Fixed(digits, point);
        return negative ? "-" + text : text;
    }

    /// <summary>
    /// Go's <c>%q</c>: double quotes, with <c>"</c>, <c>\</c> and every non-printable character escaped
    /// (<c>\n</c>, <c>\x1b</c>, <c>\u00a0</c>); printable Unicode stays as it is.
    /// </summary>
    public static string Quote(string text)
    {
        var quoted = new StringBuilder(text.Length + 2).Append('"');
        foreach (var rune in text.EnumerateRunes())
        {
            switch (rune.Value)
            {
                case '"': quoted.Append("\\\""); break;
                case '\\': quoted.Append(@"\\"); break;
                case '\a': quoted.Append(@"\a"); break;
                case '\b': quoted.Append(@"\b"); break;
                case '\f': quoted.Append(@"\f"); break;
                case '\n': quoted.Append(@"\n"); break;
                case '\r': quoted.Append(@"\r"); break;
                case '\t': quoted.Append(@"\t"); break;
                case '\v': quoted.Append(@"\v"); break;
                case var _ when IsPrintable(rune): quoted.Append(rune.ToString()); break;
                case < ' ' or 0x7f: quoted.Append(CultureInfo.InvariantCulture, $"\\x{rune.Value:x2}"); break;
                case < 0x10000: quoted.Append(CultureInfo.InvariantCulture, $"\\u{rune.Value:x4}"); break;
                default: quoted.Append(CultureInfo.InvariantCulture, $"\\U{rune.Value:x8}"); break;
            }
        }
        return quoted.Append('"').ToString();
    }

    /// <summary>Go's <c>time.Duration.String()</c> for whole seconds: <c>0s</c>, <c>47s</c>, <c>1m30s</c>, <c>1h0m0s</c>.</summary>
    public static string Duration(TimeSpan duration)
    {
        var seconds = duration.Ticks / TimeSpan.TicksPerSecond;
        if (seconds < 60) return $"{seconds}s";
        var (hours, minutes) = (seconds / 3600, seconds / 60 % 60);
        return hours > 0 ? $"{hours}h{minutes}m{seconds % 60}s" : $"{minutes}m{seconds % 60}s";
    }

    /// <summary>Go's <c>unicode.IsPrint</c>: letters, marks, numbers, punctuation, symbols and the ASCII space.</summary>
    private static bool IsPrintable(Rune rune) => rune.Value == ' ' || Rune.GetUnicodeCategory(rune) switch
    {
        UnicodeCategory.SpaceSeparator or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator
            or UnicodeCategory.Control or UnicodeCategory.Format or UnicodeCategory.Surrogate
            or UnicodeCategory.PrivateUse or UnicodeCategory.OtherNotAssigned => false,
        _ => true,
    };

    /// <summary>
    /// The shortest decimal digits that round-trip <paramref name="value"/> (no leading or trailing zeros), and where
    /// the decimal point goes: digits <c>"15"</c> with point <c>-6</c> is 0.00000015.
    /// </summary>
    private static (bool Negative, string Digits, int Point) ShortestDigits(double value)
    {
        // "R" gives the shortest round-trip form, e.g. "-1.5E-07" or "123.45".
        var text = value.ToString("R", CultureInfo.InvariantCulture);
        var negative = text.StartsWith('-');
        if (negative) text = text[1..];

        var exponent = 0;
        var e = text.IndexOf('E');
        if (e >= 0)
        {
            exponent = int.Parse(text[(e + 1)..], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
            text = text[..e];
        }
        var dot = text.IndexOf('.');
        var integerPart = dot < 0 ? text : text[..dot];
        var digits = dot < 0 ? text : integerPart + text[(dot + 1)..];
        var point = integerPart.Length + exponent;

        var trimmed = digits.TrimStart('0');
        point -= digits.Length - trimmed.Length;
        trimmed = trimmed.TrimEnd('0');
        return trimmed.Length == 0 ? (negative, "0", 1) : (negative, trimmed, point);
    }

    private static string Fixed(string digits, int point) =>
        point <= 0 ? "0." + new string('0', -point) + digits
        : point >= digits.Length ? digits + new string('0', point - digits.Length)
        : digits[..point] + "." + digits[point..];

    private static string Exponential(string digits, int exponent)
    {
        var mantissa = digits.Length == 1 ? digits : digits[0] + "." + digits[1..];
        var sign = exponent < 0 ? '-' : '+';
        return $"{mantissa}e{sign}{Math.Abs(exponent):00}";
    }
}
