using System.Text;
using Flamenco.Worker.Processes;

namespace Flamenco.Worker.Tests.Processes;

public sealed class OutputLinesTests
{
    [Theory]
    [InlineData(new byte[] { 0xF0, 0x9F, 0x90, 0x88, 0xF0, 0x9F, 0x90, 0x88, 0xF0, 0x9F, 0x90 }, 8)]
    [InlineData(new byte[] { 0xF0, 0x9F, 0x90, 0x88, 0xF0, 0x9F, 0x90, 0x88, 0xF0, 0x9F }, 8)]
    [InlineData(new byte[] { 0xF0, 0x9F, 0x90, 0x88, 0xF0, 0x9F, 0x90, 0x88, 0xF0 }, 8)]
    [InlineData(new byte[] { 0xF0, 0x9F, 0x90, 0x88, 0xF0, 0x9F, 0x90, 0x88 }, 8)]
    [InlineData(new byte[] { (byte)'S', (byte)'t', 0xC3, 0xBC, (byte)'v', (byte)'e', (byte)'l' }, 7)]
    [InlineData(new byte[0], 0)]
    public void CompleteUtf8Length_LeavesAnIncompleteLastCharacterOut(byte[] bytes, int expected)
    {
        Assert.Equal(expected, OutputLines.CompleteUtf8Length(bytes));
    }

    [Fact]
    public async Task ReadAsync_SplitsOnNewlinesButNotOnABareCarriageReturn()
    {
        var lines = await Read("one\ntwo\r\nprogress 1\rprogress 2\nlast without newline", 1024);

        Assert.Equal(["one", "two", "progress 1\rprogress 2", "last without newline"], lines);
    }

    [Fact]
    public async Task ReadAsync_LongLine_ComesInPiecesThatNeverSplitACharacter()
    {
        var lines = await Read("ab🐈🐈cd\n", 7);

        Assert.Equal(["ab🐈", "🐈cd"], lines);
        Assert.All(lines, l => Assert.True(Encoding.UTF8.GetByteCount(l) <= 7));
    }

    [Fact]
    public async Task ReadAsync_LineOfExactlyTheMaximum_IsOneLine()
    {
        var line = new string('x', OutputLines.DefaultMaxLineBytes - 1);

        var lines = await Read(line + "\nnext\n", OutputLines.DefaultMaxLineBytes);

        Assert.Equal([line, "next"], lines);
    }

    private static async Task<List<string>> Read(string text, int maxLineBytes)
    {
        var lines = new List<string>();
        await foreach (var line in OutputLines.ReadAsync(new MemoryStream(Encoding.UTF8.GetBytes(text)), maxLineBytes, CancellationToken.None)) lines.Add(line);
        return lines;
    }
}
