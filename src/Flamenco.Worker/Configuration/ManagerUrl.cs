namespace Flamenco.Worker.Configuration;

/// <summary>The Manager URL forms the worker accepts (reference §4.2, test T55).</summary>
internal static class ManagerUrl
{
    /// <summary>
    /// The lenient form of <c>-manager</c>: a bare host becomes <c>http://host/</c>, <c>host:1234</c> becomes
    /// <c>http://host:1234</c>, and a URL with a scheme stays as it is. Null when there is no host.
    /// </summary>
    public static string? FromCommandLine(string text)
    {
        var trimmed = text.Trim();
        if (trimmed.Contains("://", StringComparison.Ordinal)) return HasHost(trimmed) ? trimmed : null;
        var withScheme = "http://" + trimmed;
        if (!HasHost(withScheme)) return null;
        return trimmed.Contains(':') || trimmed.Contains('/') ? withScheme : withScheme + "/";
    }

    /// <summary>
    /// The base address API paths are resolved against: the configured URL, whose path may carry a prefix, always
    /// ending in <c>/</c> so <c>api/v3/...</c> is appended to it rather than replacing its last segment.
    /// </summary>
    public static Uri? ToBaseAddress(string url)
    {
        if (!Uri.TryCreate(url.Trim(), UriKind.Absolute, out var uri) || uri.Host.Length == 0) return null;
        if (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps) return null;
        var builder = new UriBuilder(uri) { Query = "", Fragment = "" };
        if (!builder.Path.EndsWith('/')) builder.Path += "/";
        return builder.Uri;
    }

    private static bool HasHost(string url) => Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.Host.Length > 0;
}
