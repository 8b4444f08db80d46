using System.Text.RegularExpressions;

namespace Flamenco.Plugins.Storage.Shaman.Checkouts;

/// <summary>
/// What a client may name in a checkout (worker-and-shaman.md §5.2, T65, §8.2 items 2–3). Flamenco accepted <c>.</c>
/// and <c>..</c> as checkout paths and any file path at all, which let one request delete the whole shared storage or
/// plant a file anywhere the Manager may write; here both are refused, and every path is also checked, after
/// resolving, to stay inside its root.
/// </summary>
internal static partial class CheckoutPaths
{
    /// <summary>Flamenco's rule: not empty, no leading <c>/</c>, none of <c>? * : ; { } \</c>.</summary>
    [GeneratedRegex(@"^[^/?*:;{}\\][^?*:;{}\\]*$")]
    private static partial Regex FlamencoCheckoutPath();

    /// <summary>A Windows drive (<c>C:</c>): absolute on a Windows Manager or worker even where Linux sees a name.</summary>
    [GeneratedRegex("^[A-Za-z]:")]
    private static partial Regex DriveLetter();

    /// <summary>The full path of a checkout, or <see cref="StorageException"/> naming <c>checkoutPath</c>.</summary>
    public static string Checkout(string root, string checkoutPath)
    {
        if (!FlamencoCheckoutPath().IsMatch(checkoutPath))
        {
            throw Invalid("checkoutPath", checkoutPath,
                "expected a relative path like \"project/scene/job\", not empty, not starting with /, without any of ? * : ; { } \\");
        }
        CheckSegments("checkoutPath", checkoutPath);
        return Inside(root, checkoutPath, "checkoutPath", checkoutPath);
    }

    /// <summary>The full path of one file of a checkout, or <see cref="StorageException"/> naming <c>files[index].path</c>.</summary>
    public static string File(string checkoutFolder, string path, int index)
    {
        var field = $"files[{index}].path";
        if (path.Length == 0 || path[0] == '/' || path.Contains('\\') || DriveLetter().IsMatch(path) || Path.IsPathRooted(path))
        {
            throw Invalid(field, path, "expected a path relative to the checkout, with / between folders (no leading /, no \\, no drive letter)");
        }
        CheckSegments(field, path);
        return Inside(checkoutFolder, path, field, path);
    }

    private static void CheckSegments(string field, string path)
    {
        foreach (var segment in path.Split('/'))
        {
            if (segment is "" or "." or "..")
            {
                throw Invalid(field, path, $"expected folder and file names only, but it has {(segment.Length == 0 ? "an empty one (//, or / at the end)" : $"a \"{segment}\"")}");
            }
            if (segment.Any(char.IsControl)) throw Invalid(field, path, "expected no control characters");
        }
    }

    /// <summary>The last line of defence: whatever the rules above miss must still not leave <paramref name="root"/>.</summary>
    private static string Inside(string root, string relative, string field, string path)
    {
        var full = Path.GetFullPath(Path.Combine(root, relative));
        var prefix = Path.TrimEndingDirectorySeparator(Path.GetFullPath(root)) + Path.DirectorySeparatorChar;
        if (!full.StartsWith(prefix, StringComparison.Ordinal)) throw Invalid(field, path, "expected a path that stays inside its folder");
        return full;
    }

    private static StorageException Invalid(string field, string path, string expected) =>
        new(StorageError.InvalidRequest, $"{field}: \"{path}\" is not allowed: {expected}");
}
