using System.Text.RegularExpressions;

namespace Flamenco.Plugins.Commands.Shared;

/// <summary>
/// Writes a command line the way Flamenco's task log shows it (the rules of the alessio/shellescape Go package): an
/// argument of only <c>[A-Za-z0-9_@%+=:,./-]</c> stays bare, an empty one is <c>''</c>, anything else is put in single
/// quotes with each <c>'</c> written as <c>'"'"'</c>.
/// </summary>
internal static partial class ShellQuote
{
    public static string Join(IEnumerable<string> arguments) => string.Join(' ', arguments.Select(Quote));

    public static string Quote(string argument) =>
        argument.Length == 0 ? "''"
        : Unsafe().IsMatch(argument) ? "'" + argument.Replace("'", "'\"'\"'", StringComparison.Ordinal) + "'"
        : argument;

    [GeneratedRegex(@"[^A-Za-z0-9_@%+=:,./-]")]
    private static partial Regex Unsafe();
}
