using System.Text;
using Microsoft.Extensions.Primitives;

namespace Flamenco.Manager.Features.Shaman.StoreFile;

/// <summary>The two headers of an upload (worker-and-shaman.md §5.2, api-contract.md §0 rule 11).</summary>
internal static class UploadHeaders
{
    public const string CanDefer = "X-Shaman-Can-Defer-Upload";
    public const string OriginalFileName = "X-Shaman-Original-Filename";

    /// <summary>
    /// <c>X-Shaman-Can-Defer-Upload</c>: what Go's <c>strconv.ParseBool</c> accepts, since Flamenco's server parses it
    /// so — the Blender add-on sends Python's <c>True</c>/<c>False</c>. Absent means false; repeated is an error.
    /// </summary>
    public static bool TryParseCanDefer(StringValues values, out bool canDefer, out string? problem)
    {
        canDefer = false;
        problem = null;
        if (values.Count == 0) return true;
        if (values.Count > 1)
        {
            problem = $"{CanDefer}: expected one value, true or false, got {values.Count}";
            return false;
        }
        switch (values[0])
        {
            case "1" or "t" or "T" or "TRUE" or "true" or "True":
                canDefer = true;
                return true;
            case "0" or "f" or "F" or "FALSE" or "false" or "False":
                return true;
            default:
                problem = $"{CanDefer}: expected true or false, got \"{values[0]}\"";
                return false;
        }
    }

    /// <summary>
    /// <c>X-Shaman-Original-Filename</c>, which is only logged: ASCII, or RFC 2047 encoded-words
    /// (<c>=?utf-8?b?ZGlyL8O8LmJsZW5k?=</c> is <c>dir/ü.blend</c>). Decoded as Go's <c>mime.WordDecoder</c> does, on whose
    /// behaviour Flamenco's clients were tested: an encoded-word that does not decode stays as it is, the white space
    /// between two encoded-words goes, and only a charset it does not know is an error (T61).
    /// </summary>
    public static bool TryDecodeOriginalFileName(string header, out string decoded)
    {
        var text = new StringBuilder();
        var rest = header.AsSpan();
        var betweenWords = false;
        while (true)
        {
            var start = rest.IndexOf("=?");
            if (start < 0 || !TryReadWord(rest, start, out var charset, out var encoding, out var encodedText, out var end))
            {
                break;
            }
            if (!TryDecodeBytes(encoding, encodedText, out var bytes))
            {
                // Not an encoded-word after all: keep its "=?" and look further.
                text.Append(rest[..(start + 2)]);
                rest = rest[(start + 2)..];
                betweenWords = false;
                continue;
            }
            var before = rest[..start];
            if (!betweenWords || !before.IsWhiteSpace()) text.Append(before);
            if (!TryConvert(charset, bytes, text))
            {
                decoded = "";
                return false;
            }
            rest = rest[end..];
            betweenWords = true;
        }
        decoded = text.Append(rest).ToString();
        return true;
    }

    /// <summary><c>=?charset?encoding?text?=</c> starting at <paramref name="start"/>.</summary>
    private static bool TryReadWord(ReadOnlySpan<char> s, int start, out string charset, out char encoding, out string encodedText, out int end)
    {
        (charset, encoding, encodedText, end) = ("", '\0', "", 0);
        var cursor = start + 2;
        var question = s[cursor..].IndexOf('?');
        if (question < 0) return false;
        charset = s.Slice(cursor, question).ToString();
        cursor += question + 1;
        if (s.Length < cursor + 4) return false;
        encoding = s[cursor++];
        if (s[cursor++] != '?') return false;
        var close = s[cursor..].IndexOf("?=");
        if (close < 0) return false;
        encodedText = s.Slice(cursor, close).ToString();
        end = cursor + close + 2;
        return true;
    }

    private static bool TryDecodeBytes(char encoding, string text, out byte[] bytes)
    {
        bytes = [];
        switch (encoding)
        {
            case 'B' or 'b':
                try
                {
                    bytes = Convert.FromBase64String(text);
                    return true;
                }
                catch (FormatException)
                {
                    return false;
                }
            case 'Q' or 'q':
                var decoded = new List<byte>(text.Length);
                for (var i = 0; i < text.Length; i++)
                {
                    var c = text[i];
                    if (c == '_') decoded.Add((byte)' ');
                    else if (c == '=')
                    {
                        if (i + 2 >= text.Length || !byte.TryParse(text.AsSpan(i + 1, 2), System.Globalization.NumberStyles.AllowHexSpecifier, null, out var b)) return false;
                        decoded.Add(b);
                        i += 2;
                    }
                    else if (c is >= ' ' and <= '~' or '\n' or '\r' or '\t') decoded.Add((byte)c);
                    else return false;
                }
                bytes = [.. decoded];
                return true;
            default:
                return false;
        }
    }

    /// <summary>The charsets Go decodes without help; any other is the "unhandled charset" error.</summary>
    private static bool TryConvert(string charset, byte[] bytes, StringBuilder text)
    {
        if (charset.Equals("utf-8", StringComparison.OrdinalIgnoreCase)) text.Append(Encoding.UTF8.GetString(bytes));
        else if (charset.Equals("iso-8859-1", StringComparison.OrdinalIgnoreCase)) text.Append(Encoding.Latin1.GetString(bytes));
        else if (charset.Equals("us-ascii", StringComparison.OrdinalIgnoreCase)) text.Append(string.Concat(bytes.Select(b => b < 128 ? (char)b : '\uFFFD')));
        else return false;
        return true;
    }
}
