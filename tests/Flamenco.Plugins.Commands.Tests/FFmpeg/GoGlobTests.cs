using Flamenco.Plugins.Commands.FFmpeg;
using Flamenco.Plugins.Commands.Tests.TestSupport;

namespace Flamenco.Plugins.Commands.Tests.FFmpeg;

/// <summary>The glob that lists frames for FFmpeg's concat index on Windows: Go's <c>filepath.Glob</c> rules.</summary>
public sealed class GoGlobTests : IDisposable
{
    private readonly TempDirectory _root = new();

    public GoGlobTests()
    {
        foreach (var name in new[] { "a/f1.png", "a/f2.png", "a/f10.png", "a/g1.png", "a/f1.exr", "b/f3.png", "c/x.png", "a/[x].png" })
        {
            _root.File(name);
        }
    }

    public void Dispose() => _root.Dispose();

    private string[] Expand(string relativePattern) =>
        [.. GoGlob.Expand(_root.Combine(relativePattern)).Select(p => Path.GetRelativePath(_root.Path, p).Replace('\\', '/'))];

    [Theory]
    [InlineData("a/*.png", new[] { "a/[x].png", "a/f1.png", "a/f10.png", "a/f2.png", "a/g1.png" })]
    [InlineData("a/f?.png", new[] { "a/f1.png", "a/f2.png" })]
    [InlineData("a/[fg]1.*", new[] { "a/f1.exr", "a/f1.png", "a/g1.png" })]
    [InlineData("a/f[0-1]*.png", new[] { "a/f1.png", "a/f10.png" })]
    [InlineData("a/[^f]*", new[] { "a/[x].png", "a/g1.png" })]
    [InlineData("[ab]/f*.png", new[] { "a/f1.png", "a/f10.png", "a/f2.png", "b/f3.png" })]
    [InlineData("a/f1.png", new[] { "a/f1.png" })]
    [InlineData("a/missing.png", new string[0])]
    [InlineData("nowhere/*.png", new string[0])]
    public void Expand_Pattern_GivesMatchesSortedPerDirectory(string pattern, string[] expected)
    {
        Assert.Equal(expected, Expand(pattern));
    }

    [Fact]
    public void Expand_EscapedBracket_MatchesItLiterally()
    {
        if (OperatingSystem.IsWindows()) return; // there a backslash separates paths instead

        Assert.Equal(["a/[x].png"], Expand(@"a/\[x].png"));
    }

    [Theory]
    [InlineData("a/[.png")]
    [InlineData("a/[]x].png")]
    [InlineData("a/[-z].png")]
    [InlineData("a/[a-].png")]
    public void Expand_MalformedClass_ThrowsGosSyntaxError(string pattern)
    {
        var error = Assert.Throws<FormatException>(() => Expand(pattern));

        Assert.Equal("syntax error in pattern", error.Message);
    }
}
