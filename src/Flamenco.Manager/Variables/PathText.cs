namespace Flamenco.Manager.Variables;

/// <summary>Separator-aware string helpers for variable values, which may be in any platform's notation.</summary>
internal static class PathText
{
    public static bool IsSeparator(char c) => c is '/' or '\\';

    /// <summary>Trailing <c>/</c> and <c>\</c> removed (<c>F:\</c> → <c>F:</c>); a value of only separators keeps its first.</summary>
    public static string TrimTrailingSeparators(string value)
    {
        var end = value.Length;
        while (end > 1 && IsSeparator(value[end - 1])) end--;
        return end == value.Length ? value : value[..end];
    }

    /// <summary>
    /// Whether <paramref name="text"/> starts with <paramref name="prefix"/>, a separator matching either separator,
    /// and the prefix ends at a path-component boundary: the end of the text, or a separator (manager.md §9.3 Q13 —
    /// <c>/render</c> is not a prefix of <c>/renderfarm/x</c>).
    /// </summary>
    public static bool StartsWithPath(string text, string prefix, bool ignoreCase)
    {
        if (prefix.Length == 0 || text.Length < prefix.Length) return false;
        for (var i = 0; i < prefix.Length; i++)
        {
            char a = text[i], b = prefix[i];
            if (a == b || (IsSeparator(a) && IsSeparator(b))) continue;
            if (ignoreCase && char.ToUpperInvariant(a) == char.ToUpperInvariant(b)) continue;
            return false;
        }
        return text.Length == prefix.Length || IsSeparator(text[prefix.Length]) || IsSeparator(prefix[^1]);
    }

    /// <summary>
    /// All separators in the target platform's notation (<c>\</c> for <c>windows</c>, <c>/</c> for any other), and
    /// on Windows a drive-relative <c>F:x</c> made <c>F:\x</c>. Nothing else changes: doubled and trailing
    /// separators stay.
    /// </summary>
    public static string ToPlatform(string path, string platform)
    {
        var windows = IsWindows(platform);
        var (from, to) = windows ? ('/', '\\') : ('\\', '/');
        var result = path.Replace(from, to);
        if (windows && result.Length >= 2 && char.IsAsciiLetter(result[0]) && result[1] == ':' && (result.Length == 2 || result[2] != '\\'))
        {
            result = result.Insert(2, "\\");
        }
        return result;
    }

    public static bool IsWindows(string platform) => string.Equals(platform, "windows", StringComparison.OrdinalIgnoreCase);
}
