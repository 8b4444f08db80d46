using Flamenco.Plugins.Authoring;

namespace Flamenco.Plugins.Abstractions.Tests.Authoring;

public sealed class CrossPathTests
{
    [Theory]
    [InlineData("", ".")]
    [InlineData("/", "/")]
    [InlineData("\\\\", "/")]
    [InlineData("dir/sub/", "sub")]
    [InlineData("C:\\ünicode\\is\\awésom.tar.gz", "awésom.tar.gz")]
    [InlineData("\\\\?\\UNC\\ComputerName\\SharedFolder\\Resource with ext.ension", "Resource with ext.ension")]
    public void Basename_FlamencoVectors_GivesLastElement(string path, string expected)
    {
        Assert.Equal(expected, CrossPath.Basename(path));
    }

    [Theory]
    [InlineData("", ".")]
    [InlineData("justafile.txt", ".")]
    [InlineData("/", "/")]
    [InlineData("/file-at-root", "/")]
    [InlineData("C:\\file-at-root", "C:")]
    [InlineData("/Mixed path\\with/slash.txt", "/Mixed path/with")]
    [InlineData("\\\\SERVER\\ünicode\\is\\awésom.tar.gz", "//SERVER/ünicode/is")]
    [InlineData("a//b", "a/")]
    public void Dirname_FlamencoVectors_GivesDirectoryWithForwardSlashes(string path, string expected)
    {
        Assert.Equal(expected, CrossPath.Dirname(path));
    }

    [Theory]
    [InlineData(new string[0], "")]
    [InlineData(new[] { "", "", "a", "", "b", "" }, "a/b")]
    [InlineData(new[] { "C:", "file-at-root" }, "C:/file-at-root")]
    [InlineData(new[] { "C:\\ünicode", "is\\awésom.tar.gz" }, "C:/ünicode/is/awésom.tar.gz")]
    [InlineData(new[] { "\\\\SERVER", "mount", "dir", "file.txt" }, "//SERVER/mount/dir/file.txt")]
    [InlineData(new[] { "/a/b", "../c", "./d/" }, "/a/c/d")]
    [InlineData(new[] { "/", "..", "x" }, "/x")]
    [InlineData(new[] { "a", "..", ".." }, "..")]
    [InlineData(new[] { "a", ".." }, ".")]
    public void Join_FlamencoVectors_GivesCleanedForwardSlashPath(string[] parts, string expected)
    {
        Assert.Equal(expected, CrossPath.Join(parts));
    }

    [Theory]
    [InlineData("", "")]
    [InlineData("stem.tar.gz", "stem.tar")]
    [InlineData("C:\\path\\to/mixed/slashes\\file.txt", "file")]
    [InlineData("/render/sf/jobs/scene123.flamenco.blend", "scene123.flamenco")]
    [InlineData("noext", "noext")]
    public void Stem_FlamencoVectors_GivesBasenameWithoutExtension(string path, string expected)
    {
        Assert.Equal(expected, CrossPath.Stem(path));
    }
}
