namespace Flamenco.Plugins.Authoring;

/// <summary>
/// Flamenco's cross-platform path helpers (the <c>path</c> module of job-type scripts; not Node's <c>path</c>).
/// Paths may come from any platform, so both <c>\</c> and <c>/</c> count as separators, and every result uses
/// forward slashes. Nothing touches the file system.
/// </summary>
public static class CrossPath
{
    /// <summary>
    /// The last element of <paramref name="path"/>, trailing slashes ignored: <c>C:\dir\file.txt</c> gives <c>file.txt</c>.
    /// An empty path gives <c>.</c>, a path of only slashes gives <c>/</c>.
    /// </summary>
    public static string Basename(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var slashed = ToSlash(path).TrimEnd('/');
        if (slashed.Length == 0) return path.Length == 0 ? "." : "/";
        return slashed[(slashed.LastIndexOf('/') + 1)..];
    }

    /// <summary>
    /// Everything before the last element of <paramref name="path"/>, without the trailing slash:
    /// <c>/Mixed path\with/slash.txt</c> gives <c>/Mixed path/with</c>. A path without a directory gives <c>.</c>.
    /// The path is not cleaned, so a Windows UNC prefix (<c>\\SERVER</c>, which becomes <c>//SERVER</c>) survives.
    /// </summary>
    public static string Dirname(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var slashed = ToSlash(path);
        var lastSlash = slashed.LastIndexOf('/');
        if (lastSlash < 0) return ".";
        // Keep a lone root slash; otherwise drop the one trailing separator.
        return lastSlash == 0 ? "/" : slashed[..lastSlash];
    }

    /// <summary>
    /// Joins the non-empty <paramref name="parts"/> with <c>/</c> and cleans the result (doubled slashes, <c>.</c> and
    /// <c>..</c> elements), then turns backslashes into forward slashes: <c>Join("C:", "file")</c> gives <c>C:/file</c>.
    /// Cleaning only treats <c>/</c> as a separator, which is what keeps <c>\\SERVER</c> at the start of a UNC path.
    /// No non-empty parts give an empty string.
    /// </summary>
    public static string Join(params string[] parts)
    {
        ArgumentNullException.ThrowIfNull(parts);
        var nonEmpty = parts.Where(p => !string.IsNullOrEmpty(p)).ToList();
        if (nonEmpty.Count == 0) return "";
        return ToSlash(Clean(string.Join('/', nonEmpty)));
    }

    /// <summary>The last element of <paramref name="path"/> without its extension: <c>stem.tar.gz</c> gives <c>stem.tar</c>.</summary>
    public static string Stem(string path)
    {
        var basename = Basename(path);
        var dot = basename.LastIndexOf('.');
        return dot < 0 ? basename : basename[..dot];
    }

    private static string ToSlash(string path) => path.Replace('\\', '/');

    /// <summary>Lexical cleaning of a <c>/</c>-separated path, with the rules of Go's <c>path.Clean</c>.</summary>
    private static string Clean(string path)
    {
        if (path.Length == 0) return ".";
        var rooted = path[0] == '/';
        var elements = new List<string>();
        foreach (var element in path.Split('/'))
        {
            switch (element)
            {
                case "" or ".":
                    break;
                case "..":
                    if (elements.Count > 0 && elements[^1] != "..") elements.RemoveAt(elements.Count - 1);
                    else if (!rooted) elements.Add(".."); // ".." above the root of an absolute path is dropped
                    break;
                default:
                    elements.Add(element);
                    break;
            }
        }
        var cleaned = string.Join('/', elements);
        if (rooted) return "/" + cleaned;
        return cleaned.Length == 0 ? "." : cleaned;
    }
}
