namespace Flamenco.Plugins.Commands.Tests.TestSupport;

internal static class GoText
{
    /// <summary>A path as Go's <c>%q</c> writes it in Flamenco's log lines (enough for paths: <c>\</c> and <c>"</c> escaped).</summary>
    public static string Quoted(string path) => "\"" + path.Replace(@"\", @"\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";
}
