using Flamenco.Manager.Features.Shaman.StoreFile;

namespace Flamenco.Manager.Tests.Shaman;

/// <summary>Decoding <c>X-Shaman-Original-Filename</c> as Go's mime.WordDecoder does (worker-and-shaman.md T61).</summary>
public sealed class UploadHeadersTests
{
    [Theory]
    [InlineData("plain/ascii name.blend", "plain/ascii name.blend")]
    [InlineData("=?UTF-8?Q?h=C3=A4h.blend?=", "häh.blend")]
    [InlineData("=?utf-8?b?ZGlyL8O8LmJsZW5k?=", "dir/ü.blend")]
    [InlineData("=?UTF-8?Q?bad", "=?UTF-8?Q?bad")]
    [InlineData("=?utf-8?q?a?= =?utf-8?q?b?=", "ab")]
    [InlineData("x =?utf-8?q?a_b?= y", "x a b y")]
    [InlineData("=?ISO-8859-1?Q?=E9t=E9?=", "été")]
    [InlineData("=?utf-8?q?bad=ZZ?=", "=?utf-8?q?bad=ZZ?=")]
    public void TryDecodeOriginalFileName_DecodesLikeGo(string header, string expected)
    {
        Assert.True(UploadHeaders.TryDecodeOriginalFileName(header, out var decoded));
        Assert.Equal(expected, decoded);
    }

    [Fact]
    public void TryDecodeOriginalFileName_UnknownCharset_Fails()
    {
        Assert.False(UploadHeaders.TryDecodeOriginalFileName("=?x-unknown?Q?abc?=", out _));
    }
}
