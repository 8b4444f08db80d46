using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Flamenco.Plugins.Commands.FFmpeg;

/// <summary>
/// Go's <c>filepath.Glob</c> on this machine: <c>*</c>, <c>?</c> and <c>[a-z]</c>/<c>[^…]</c> classes in any path
/// element, <c>\</c> escaping (except on Windows, where it separates). Matches are sorted by name within each
/// directory, and unreadable directories match nothing.
/// </summary>
internal static class GoGlob
{
    private static bool BackslashEscapes => !OperatingSystem.IsWindows();

    /// <exception cref="FormatException">The pattern is malformed (Go's <c>syntax error in pattern</c>).</exception>
    public static IReadOnlyList<string> Expand(string pattern)
    {
        if (!HasMeta(pattern)) return Path.Exists(pattern) ? [pattern] : [];

        var directory = Path.GetDirectoryName(pattern) is { Length: > 0 } parent ? parent : ".";
        var name = ToRegex(Path.GetFileName(pattern));
        IEnumerable<string> directories = HasMeta(directory) ? Expand(directory) : [directory];
        return [.. directories.SelectMany(d => MatchesIn(d, name))];
    }

    private static IEnumerable<string> MatchesIn(string directory, Regex name)
    {
        string[] entries;
        try
        {
            entries = [.. Directory.EnumerateFileSystemEntries(directory).Select(e => Path.GetFileName(e)).Order(StringComparer.Ordinal)];
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return [];
        }
        // Go joins with a cleaned path, so "*.png" gives "frame.png" rather than "./frame.png".
        return entries.Where(entry => name.IsMatch(entry)).Select(entry => directory == "." ? entry : Path.Combine(directory, entry));
    }

    private static bool HasMeta(string path) => path.AsSpan().IndexOfAny(BackslashEscapes ? @"*?[\" : "*?[") >= 0;

    private static Regex ToRegex(string pattern)
    {
        var regex = new StringBuilder("^");
        for (var i = 0; i < pattern.Length; i++)
        {
            switch (pattern[i])
            {
                case '*': regex.Append(".*"); break;
                case '?': regex.Append('.'); break;
                case '[': i = AppendClass(pattern, i + 1, regex); break;
                default: AppendLiteral(regex, NextLiteral(pattern, ref i)); break;
            }
        }
        return new Regex(regex.Append('$').ToString(), RegexOptions.Singleline | RegexOptions.CultureInvariant);
    }

    /// <summary>Appends the class starting after its <c>[</c> at <paramref name="start"/>; returns the index of its <c>]</c>.</summary>
    private static int AppendClass(string pattern, int start, StringBuilder regex)
    {
        var i = start;
        regex.Append('[');
        if (i < pattern.Length && pattern[i] == '^')
        {
            regex.Append('^');
            i++;
        }
        var ranges = 0;
        while (true)
        {
            if (i >= pattern.Length) throw BadPattern();
            if (pattern[i] == ']' && ranges > 0) break;
            AppendEscaped(regex, ClassCharacter(pattern, ref i));
            if (i + 1 < pattern.Length && pattern[i + 1] == '-')
            {
                i += 2;
                regex.Append('-');
                AppendEscaped(regex, ClassCharacter(pattern, ref i));
            }
            i++;
            ranges++;
        }
        regex.Append(']');
        return i;
    }

    /// <summary>A character of a class at <paramref name="i"/> (left on its last character); Go refuses a bare <c>-</c> or <c>]</c> there.</summary>
    private static char ClassCharacter(string pattern, ref int i)
    {
        if (i >= pattern.Length || pattern[i] is '-' or ']') throw BadPattern();
        return NextLiteral(pattern, ref i);
    }

    private static char NextLiteral(string pattern, ref int i)
    {
        if (pattern[i] != '\\' || !BackslashEscapes) return pattern[i];
        if (++i >= pattern.Length) throw BadPattern();
        return pattern[i];
    }

    private static void AppendLiteral(StringBuilder regex, char c) => regex.Append(Regex.Escape(c.ToString()));

    private static void AppendEscaped(StringBuilder regex, char c) => regex.Append(CultureInfo.InvariantCulture, $"\\u{(int)c:x4}");

    private static FormatException BadPattern() => new("syntax error in pattern");
}
