using Flamenco.Plugins.Authoring;

namespace Flamenco.Plugins.Abstractions.Tests.Authoring;

public sealed class FrameChunkerTests
{
    private static readonly string[] ExpectedFlamencoChunks = ["1-4", "5-8", "9,10,20,21", "22-25", "40"];

    [Theory]
    [InlineData("1..10,20..25,40,3..8")]
    [InlineData("1-10,20-25,40")]
    [InlineData(" 1  .. 10,\t20..25\n,40   ")]
    public void Chunk_FlamencoVectors_GivesFlamencoChunks(string range)
    {
        var chunks = FrameChunker.Chunk(range, 4);

        Assert.Equal(ExpectedFlamencoChunks, chunks);
    }

    [Theory]
    [InlineData("47", 4, new[] { "47" })]
    [InlineData("1-3", 3, new[] { "1-3" })]
    [InlineData("1-2", 4, new[] { "1,2" })]
    [InlineData("1,2,3", 4, new[] { "1-3" })]
    [InlineData("1-10", 1, new[] { "1", "2", "3", "4", "5", "6", "7", "8", "9", "10" })]
    [InlineData("0-12,34-56,78-90", 20, new[] { "0-12,34-40", "41-56,78-81", "82-90" })]
    [InlineData("5-3,7", 4, new[] { "7" })]
    [InlineData("+5", 4, new[] { "5" })]
    [InlineData("3,1,2,2,5", 10, new[] { "1-3,5" })]
    [InlineData("1-5,3-8,9", 100, new[] { "1-9" })]
    public void Chunk_ValidRange_GivesChunksInRegularNotation(string range, int chunkSize, string[] expected)
    {
        var chunks = FrameChunker.Chunk(range, chunkSize);

        Assert.Equal(expected, chunks);
    }

    [Theory]
    [InlineData("   ", "invalid range \"\": empty range")]
    [InlineData("", "invalid range \"\": empty range")]
    [InlineData("5-3", "invalid range \"5-3\": empty range")]
    [InlineData("1-2-3", "invalid range \"1-2-3\": 1-2-3")]
    [InlineData("-5-10", "invalid range \"-5-10\": -5-10")]
    [InlineData("1..x", "invalid range \"1-x\":  1-x (strconv.ParseInt: parsing \"x\": invalid syntax)")]
    [InlineData("1,,2", "invalid range \"1,,2\":   (strconv.ParseInt: parsing \"\": invalid syntax)")]
    [InlineData("99999999999999999999", "invalid range \"99999999999999999999\":  99999999999999999999 (strconv.ParseInt: parsing \"99999999999999999999\": value out of range)")]
    public void Chunk_InvalidRange_ThrowsFlamencoMessage(string range, string expectedMessage)
    {
        var error = Assert.Throws<FormatException>(() => FrameChunker.Chunk(range, 4));

        Assert.Equal(expectedMessage, error.Message);
    }

    [Fact]
    public void Chunk_FramesSeparatedBySpace_ThrowsMessageNamingThem()
    {
        var error = Assert.Throws<FormatException>(() => FrameChunker.Chunk(" 1 10", 4));

        Assert.Contains("1 10", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-3)]
    public void Chunk_ChunkSizeBelowOne_ThrowsFlamencoMessage(int chunkSize)
    {
        var error = Assert.Throws<ArgumentException>(() => FrameChunker.Chunk("1-10", chunkSize));

        Assert.Equal($"invalid chunk size, must be positive number: {chunkSize}", error.Message);
    }

    [Fact]
    public void Chunk_TenThousandFramesOneByOne_GivesEveryFrame()
    {
        var chunks = FrameChunker.Chunk("1-10000", 1);

        Assert.Equal(10_000, chunks.Count);
        Assert.Equal("1", chunks[0]);
        Assert.Equal("10000", chunks[^1]);
    }

    [Theory]
    [InlineData("1..10,20..25,40", 17)]
    [InlineData("1-3", 3)]
    [InlineData("0-12,34-40", 20)]
    [InlineData("5,5,5", 1)]
    [InlineData("1-10,5-15", 15)]
    [InlineData("1-1000000000", 1_000_000_000)]
    public void Count_ValidRange_GivesDistinctFrames(string range, int expected)
    {
        var count = FrameChunker.Count(range);

        Assert.Equal(expected, count);
    }

    [Theory]
    [InlineData("1-x")]
    [InlineData("  ")]
    [InlineData("0-9223372036854775807")]
    public void Count_InvalidOrHugeRange_Throws(string range)
    {
        Assert.Throws<FormatException>(() => FrameChunker.Count(range));
    }

    [Theory]
    [InlineData("1..10,20..25,40", 4)]
    [InlineData("1-7,9,11-30,100", 3)]
    [InlineData("5", 1)]
    [InlineData("1-1000", 7)]
    public void Chunk_MaxChunksEqualToTheChunkCount_AllMadeAndOneLessRefused(string range, int chunkSize)
    {
        var expected = FrameChunker.Chunk(range, chunkSize);

        var atLimit = FrameChunker.Chunk(range, chunkSize, expected.Count);
        var error = Assert.Throws<Flamenco.Plugins.JobTypes.JobTypeException>(() => FrameChunker.Chunk(range, chunkSize, expected.Count - 1));

        Assert.Equal(expected, atLimit);
        Assert.Contains($"makes {expected.Count:N0} chunks, more than the limit of {expected.Count - 1:N0} tasks per job", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Chunk_RangeUpToLongMaxValue_CountedWithoutOverflowAndRefused()
    {
        var error = Assert.Throws<Flamenco.Plugins.JobTypes.JobTypeException>(() => FrameChunker.Chunk("0-9223372036854775806,9223372036854775807", 1, 1_000_000));

        Assert.Contains("makes 9,223,372,036,854,775,808 chunks", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Chunk_CanceledToken_Stops()
    {
        using var canceled = new CancellationTokenSource();
        canceled.Cancel();

        Assert.Throws<OperationCanceledException>(() => FrameChunker.Chunk("1-100", 1, 1000, canceled.Token));
    }
}
