using System.Text;

namespace Flamenco.Plugins.Authoring;

/// <summary>
/// Splits a command line into words the way Flamenco's <c>shellSplit</c> does (the rules of the google/shlex Go
/// package, which are simpler than a POSIX shell's):
/// <list type="bullet">
/// <item>words are separated by spaces, tabs, carriage returns and line feeds;</item>
/// <item><c>'…'</c> is taken literally, backslashes included;</item>
/// <item>inside <c>"…"</c> a backslash takes the next character literally (and is itself dropped);</item>
/// <item>outside quotes a backslash takes the next character literally;</item>
/// <item><c>#</c> starts a comment to the end of the line, but only where a word would start (<c>a#b</c> is one word);</item>
/// <item>quotes join with adjacent text into one word, and <c>""</c> on its own is an empty word.</item>
/// </list>
/// </summary>
public static class ShellSplit
{
    /// <summary>Splits <paramref name="text"/> into words.</summary>
    /// <example><c>Split("--python-expr 'print(1 + 1)'")</c> gives <c>--python-expr</c> and <c>print(1 + 1)</c>.</example>
    /// <exception cref="FormatException">A quote is not closed, or the text ends in a backslash.</exception>
    public static IReadOnlyList<string> Split(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var words = new List<string>();
        var word = new StringBuilder();
        var state = State.BetweenWords;

        foreach (var c in text)
        {
            switch (state)
            {
                case State.BetweenWords:
                    if (IsSpace(c)) break;
                    if (c == '#') { state = State.Comment; break; }
                    state = State.InWord;
                    goto case State.InWord;

                case State.InWord:
                    switch (c)
                    {
                        case '"': state = State.InDoubleQuotes; break;
                        case '\'': state = State.InSingleQuotes; break;
                        case '\\': state = State.AfterBackslash; break;
                        case var _ when IsSpace(c):
                            words.Add(word.ToString());
                            word.Clear();
                            state = State.BetweenWords;
                            break;
                        default: word.Append(c); break;
                    }
                    break;

                case State.AfterBackslash:
                    word.Append(c);
                    state = State.InWord;
                    break;

                case State.InDoubleQuotes:
                    if (c == '"') state = State.InWord;
                    else if (c == '\\') state = State.AfterBackslashInDoubleQuotes;
                    else word.Append(c);
                    break;

                case State.AfterBackslashInDoubleQuotes:
                    word.Append(c);
                    state = State.InDoubleQuotes;
                    break;

                case State.InSingleQuotes:
                    if (c == '\'') state = State.InWord;
                    else word.Append(c);
                    break;

                case State.Comment:
                    if (c == '\n') state = State.BetweenWords;
                    break;
            }
        }

        switch (state)
        {
            case State.InWord:
                words.Add(word.ToString());
                break;
            case State.AfterBackslash or State.AfterBackslashInDoubleQuotes:
                throw new FormatException("EOF found after escape character");
            case State.InDoubleQuotes or State.InSingleQuotes:
                throw new FormatException("EOF found when expecting closing quote");
        }
        return words;
    }

    private static bool IsSpace(char c) => c is ' ' or '\t' or '\r' or '\n';

    private enum State
    {
        BetweenWords,
        InWord,
        AfterBackslash,
        InDoubleQuotes,
        AfterBackslashInDoubleQuotes,
        InSingleQuotes,
        Comment,
    }
}
