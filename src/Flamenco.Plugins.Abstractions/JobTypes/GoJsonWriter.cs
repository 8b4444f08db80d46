using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Flamenco.Plugins.JobTypes;

/// <summary>
/// Writes compact JSON byte-for-byte as Go's <c>encoding/json</c> does, which Flamenco's etag depends on:
/// map keys sorted, <c>&lt; &gt; &amp;</c> and U+2028/U+2029 escaped, other non-ASCII raw, whole numbers as integers.
/// </summary>
internal sealed class GoJsonWriter
{
    private readonly StringBuilder _text = new();
    private bool _needsComma;

    public GoJsonWriter BeginObject() => Open('{');

    public GoJsonWriter EndObject() => Close('}');

    public GoJsonWriter BeginArray() => Open('[');

    public GoJsonWriter EndArray() => Close(']');

    public GoJsonWriter Property(string name)
    {
        String(name);
        _text.Append(':');
        _needsComma = false;
        return this;
    }

    public GoJsonWriter Bool(bool value) => Raw(value ? "true" : "false");

    public GoJsonWriter String(string value)
    {
        Separate();
        _text.Append('"');
        foreach (var c in value)
        {
            switch (c)
            {
                case '"': _text.Append("\\\""); break;
                case '\\': _text.Append("\\\\"); break;
                case '\n': _text.Append("\\n"); break;
                case '\r': _text.Append("\\r"); break;
                case '\t': _text.Append("\\t"); break;
                case '\b': _text.Append("\\b"); break;
                case '\f': _text.Append("\\f"); break;
                case '<' or '>' or '&' or '\u2028' or '\u2029' or < ' ':
                    _text.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                    break;
                default: _text.Append(c); break;
            }
        }
        _text.Append('"');
        _needsComma = true;
        return this;
    }

    /// <summary>Writes any JSON value; objects get their keys sorted by byte order, as Go's maps do.</summary>
    public GoJsonWriter Value(JsonElement value)
    {
        switch (value.ValueKind)
        {
            case JsonValueKind.Object:
                BeginObject();
                foreach (var property in value.EnumerateObject().OrderBy(p => p.Name, StringComparer.Ordinal))
                {
                    Property(property.Name).Value(property.Value);
                }
                return EndObject();
            case JsonValueKind.Array:
                BeginArray();
                foreach (var item in value.EnumerateArray()) Value(item);
                return EndArray();
            case JsonValueKind.String:
                return String(value.GetString()!);
            case JsonValueKind.Number:
                return Raw(FormatNumber(value.GetDouble()));
            case JsonValueKind.True:
                return Bool(true);
            case JsonValueKind.False:
                return Bool(false);
            default:
                return Raw("null");
        }
    }

    public override string ToString() => _text.ToString();

    /// <summary>
    /// Numbers exported from JavaScript are integers when whole (Go int64) and float64 otherwise; Go prints a
    /// float64 in shortest form, switching to exponent notation below 1e-6 and from 1e21 on.
    /// </summary>
    internal static string FormatNumber(double number)
    {
        if (number == Math.Floor(number) && Math.Abs(number) < 9.2e18)
        {
            return ((long)number).ToString(CultureInfo.InvariantCulture);
        }
        // "R" gives the shortest digits that round-trip, as Go does, but picks exponent notation by other rules.
        var (digits, exponent) = ShortestDigits(number);
        var sign = number < 0 ? "-" : "";
        var abs = Math.Abs(number);
        if (abs is >= 1e21 or < 1e-6)
        {
            var mantissa = digits.Length == 1 ? digits : $"{digits[0]}.{digits[1..]}";
            return $"{sign}{mantissa}e{(exponent < 0 ? "-" : "+")}{Math.Abs(exponent):00}";
        }
        // Plain notation: the decimal point goes after digit number exponent + 1.
        var pointAt = exponent + 1;
        if (pointAt <= 0) return $"{sign}0.{new string('0', -pointAt)}{digits}";
        if (pointAt >= digits.Length) return sign + digits + new string('0', pointAt - digits.Length);
        return $"{sign}{digits[..pointAt]}.{digits[pointAt..]}";
    }

    /// <summary>The significant digits of the shortest round-trip form, and the power of ten of the first one.</summary>
    private static (string Digits, int Exponent) ShortestDigits(double number)
    {
        var text = Math.Abs(number).ToString("R", CultureInfo.InvariantCulture);
        var e = text.IndexOf('E', StringComparison.Ordinal);
        var exponent = e < 0 ? 0 : int.Parse(text[(e + 1)..], CultureInfo.InvariantCulture);
        var mantissa = e < 0 ? text : text[..e];
        var point = mantissa.IndexOf('.', StringComparison.Ordinal);
        var integerDigits = point < 0 ? mantissa.Length : point;
        var allDigits = mantissa.Replace(".", "", StringComparison.Ordinal);
        var significant = allDigits.TrimStart('0');
        var leadingZeros = allDigits.Length - significant.Length;
        return (significant.TrimEnd('0'), integerDigits + exponent - leadingZeros - 1);
    }

    private GoJsonWriter Open(char bracket)
    {
        Separate();
        _text.Append(bracket);
        _needsComma = false;
        return this;
    }

    private GoJsonWriter Close(char bracket)
    {
        _text.Append(bracket);
        _needsComma = true;
        return this;
    }

    private GoJsonWriter Raw(string token)
    {
        Separate();
        _text.Append(token);
        _needsComma = true;
        return this;
    }

    private void Separate()
    {
        if (_needsComma) _text.Append(',');
    }
}
