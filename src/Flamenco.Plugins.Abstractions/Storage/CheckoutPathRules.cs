using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Flamenco.Plugins.Storage;

/// <summary>
/// What a client may name as a checkout path (<c>checkout/create</c>, and a job's <c>storage.shaman_checkout_id</c>)
/// or as a file path inside a checkout (worker-and-shaman.md §5.2, T65, §8.2 items 2–3). Flamenco accepted <c>.</c>
/// and <c>..</c> as checkout paths and any file path at all, which let one request delete the whole shared storage or
/// plant a file anywhere the Manager may write; here both are refused. One set of rules for the Manager, which
/// answers 400 before a backend is asked, and for storage backends, which check again before touching a disk.
/// </summary>
/// <remarks>
/// Lengths are counted in UTF-8 bytes, as file systems count them. Linux allows 4,096 bytes for a whole path and 255
/// for one name: two paths of <see cref="MaxPathBytes"/> below a shared storage path leave room for the storage
/// path itself, and <see cref="MaxNameBytes"/> leaves room for the suffixes a checkout adds to its folder's name
/// while building it (<c>.name.0123456789abcdef.shaman-staging</c>, <c>name-x7k2</c>).
/// </remarks>
public static partial class CheckoutPathRules
{
    /// <summary>Longest checkout path, and longest file path inside a checkout, in UTF-8 bytes.</summary>
    public const int MaxPathBytes = 1024;

    /// <summary>Longest folder or file name in such a path, in UTF-8 bytes.</summary>
    public const int MaxNameBytes = 200;

    /// <summary>Flamenco's rule: not empty, no leading <c>/</c>, none of <c>? * : ; { } \</c>.</summary>
    [GeneratedRegex(@"^[^/?*:;{}\\][^?*:;{}\\]*$")]
    private static partial Regex FlamencoCheckoutPath();

    /// <summary>A Windows drive (<c>C:</c>): absolute on a Windows Manager or worker even where Linux sees a name.</summary>
    [GeneratedRegex("^[A-Za-z]:")]
    private static partial Regex DriveLetter();

    /// <summary>What is wrong with <paramref name="path"/> as a checkout path, starting with <paramref name="field"/>; null when nothing.</summary>
    public static string? CheckoutPathProblem(string field, string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (LengthProblem(field, path) is { } tooLong) return tooLong;
        if (!FlamencoCheckoutPath().IsMatch(path))
        {
            return Invalid(field, path, "expected a relative path like \"project/scene/job\", not empty, not starting with /, without any of ? * : ; { } \\");
        }
        return SegmentsProblem(field, path);
    }

    /// <summary>What is wrong with <paramref name="path"/> as a file path inside a checkout; null when nothing.</summary>
    public static string? FilePathProblem(string field, string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (LengthProblem(field, path) is { } tooLong) return tooLong;
        if (path.Length == 0 || path[0] == '/' || path.Contains('\\') || DriveLetter().IsMatch(path) || Path.IsPathRooted(path))
        {
            return Invalid(field, path, "expected a path relative to the checkout, with / between folders (no leading /, no \\, no drive letter)");
        }
        return SegmentsProblem(field, path);
    }

    // Checked first, and without quoting the path: a 5,000-character path in the answer helps nobody.
    private static string? LengthProblem(string field, string path)
    {
        var bytes = Encoding.UTF8.GetByteCount(path);
        return bytes > MaxPathBytes
            ? string.Create(CultureInfo.InvariantCulture, $"{field}: expected a path of at most {MaxPathBytes} bytes (UTF-8), got {bytes} bytes")
            : null;
    }

    private static string? SegmentsProblem(string field, string path)
    {
        foreach (var segment in path.Split('/'))
        {
            if (segment is "" or "." or "..")
            {
                return Invalid(field, path, $"expected folder and file names only, but it has {(segment.Length == 0 ? "an empty one (//, or / at the end)" : $"a \"{segment}\"")}");
            }
            if (segment.Any(char.IsControl)) return Invalid(field, path, "expected no control characters");
            if (Encoding.UTF8.GetByteCount(segment) > MaxNameBytes)
            {
                return Invalid(field, path, string.Create(CultureInfo.InvariantCulture, $"expected folder and file names of at most {MaxNameBytes} bytes (UTF-8)"));
            }
        }
        return null;
    }

    private static string Invalid(string field, string path, string expected) => $"{field}: \"{path}\" is not allowed: {expected}";
}
