using Flamenco.Plugins.Authoring;

namespace Flamenco.Plugins.Abstractions.Tests.Authoring;

public sealed class ShellSplitTests
{
    [Fact]
    public void Split_PythonExpression_KeepsSingleQuotedTextAsOneWord()
    {
        var words = ShellSplit.Split("--python-expr 'print(1 + 1)'");

        Assert.Equal(["--python-expr", "print(1 + 1)"], words);
    }

    [Fact]
    public void Split_UpstreamShlexVector_GivesUpstreamWords()
    {
        const string text = "one two \"three four\" \"five \\\"six\\\"\" seven#eight # nine # ten\n eleven 'twelve\\' thirteen=13 fourteen/14";

        var words = ShellSplit.Split(text);

        Assert.Equal(["one", "two", "three four", "five \"six\"", "seven#eight", "eleven", "twelve\\", "thirteen=13", "fourteen/14"], words);
    }

    [Theory]
    [InlineData("", new string[0])]
    [InlineData(" \t\r\n ", new string[0])]
    [InlineData("\"\"", new[] { "" })]
    [InlineData("a \"\" b", new[] { "a", "", "b" })]
    [InlineData("a\\ b c", new[] { "a b", "c" })]
    [InlineData("pre\"mid dle\"'post'", new[] { "premid dlepost" })]
    [InlineData("\"back\\\\slash\" \"\\q\"", new[] { "back\\slash", "q" })]
    [InlineData("# only a comment", new string[0])]
    [InlineData("a # comment\nb", new[] { "a", "b" })]
    public void Split_EdgeCases_FollowShlexRules(string text, string[] expected)
    {
        Assert.Equal(expected, ShellSplit.Split(text));
    }

    [Theory]
    [InlineData("--python-expr invalid_quoting(1 + 1)'", "EOF found when expecting closing quote")]
    [InlineData("\"unterminated", "EOF found when expecting closing quote")]
    [InlineData("trailing\\", "EOF found after escape character")]
    [InlineData("\"trailing\\", "EOF found after escape character")]
    public void Split_UnterminatedQuoteOrEscape_Throws(string text, string expectedMessage)
    {
        var error = Assert.Throws<FormatException>(() => ShellSplit.Split(text));

        Assert.Equal(expectedMessage, error.Message);
    }
}
