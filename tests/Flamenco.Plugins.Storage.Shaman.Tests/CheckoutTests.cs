using System.Text;
using System.Text.RegularExpressions;

namespace Flamenco.Plugins.Storage.Shaman.Tests;

/// <summary><c>checkout/create</c> (worker-and-shaman.md §5.2, cases T64–T68, and the §8.2 rules on client paths).</summary>
public sealed class CheckoutTests : IDisposable
{
    private readonly ShamanFixture _shaman = new();

    [Fact]
    public async Task CreateCheckout_Files_AreRelativeLinksIntoTheStore()
    {
        var feed = await _shaman.StoreAsync(Encoding.UTF8.GetBytes("feed.py content"), "feed.py");
        var replacer = await _shaman.StoreAsync(Encoding.UTF8.GetBytes("replacer.py content"), "subdir/replacer.py");
        var russian = await _shaman.StoreAsync(Encoding.UTF8.GetBytes("много"), "много ликова.py");

        var path = await CheckoutAsync("á hausinn á þér", feed, replacer, russian);

        Assert.Equal("á hausinn á þér", path);
        var checkout = Path.Combine(_shaman.Jobs, path);
        Assert.Equal($"../../file-store/stored/{feed.Checksum[..2]}/{feed.Checksum[2..]}/{feed.Size}.blob",
            new FileInfo(Path.Combine(checkout, "feed.py")).LinkTarget);
        Assert.Equal($"../../../file-store/stored/{replacer.Checksum[..2]}/{replacer.Checksum[2..]}/{replacer.Size}.blob",
            new FileInfo(Path.Combine(checkout, "subdir", "replacer.py")).LinkTarget);
        Assert.Equal("replacer.py content", await File.ReadAllTextAsync(Path.Combine(checkout, "subdir", "replacer.py")));
        Assert.Equal("много", await File.ReadAllTextAsync(Path.Combine(checkout, "много ликова.py")));
        Assert.Equal([path], Directory.GetFileSystemEntries(_shaman.Jobs).Select(Path.GetFileName));
    }

    [Theory]
    [InlineData("a")]
    [InlineData("5e5be786-e6d7-480c-90e6-437f9ef5bf5d")]
    [InlineData("5e5be786 e6d7 480c 90e6 437f9ef5bf5d")]
    [InlineData("Sprite-Fright/scenename/jobname/2022-03-25-11-30-feb3")]
    [InlineData("ránið/lélegt vélmenni")]
    [InlineData("..dots in a name../x")]
    public async Task CreateCheckout_ValidPath_Accepted(string checkoutPath)
    {
        var file = await _shaman.StoreAsync(ShamanFixture.Payload);

        Assert.Equal(checkoutPath, await CheckoutAsync(checkoutPath, file));
    }

    [Theory]
    [InlineData("")]
    [InlineData(@"with\backslash")]
    [InlineData("c:/blah")]
    [InlineData("blah?")]
    [InlineData("blah*hi")]
    [InlineData("blah;hi")]
    [InlineData("blah:hi")]
    [InlineData("/blah")]
    [InlineData("path/../../../../etc/passwd")]
    [InlineData(".")]
    [InlineData("..")]
    [InlineData("a/..")]
    [InlineData("a/./b")]
    [InlineData("a//b")]
    [InlineData("a/")]
    [InlineData("tab\there")]
    public async Task CreateCheckout_InvalidPath_RefusedNamingCheckoutPathAndNothingCreated(string checkoutPath)
    {
        var file = await _shaman.StoreAsync(ShamanFixture.Payload);

        var error = await Assert.ThrowsAsync<StorageException>(() => CheckoutAsync(checkoutPath, file));

        Assert.Equal(StorageError.InvalidRequest, error.Error);
        Assert.StartsWith("checkoutPath: ", error.Message);
        Assert.Empty(ShamanFixture.Entries(_shaman.Jobs));
    }

    [Theory]
    [InlineData("../../../home/flamenco/.ssh/authorized_keys")]
    [InlineData("sub/../../escape")]
    [InlineData("/etc/cron.d/evil")]
    [InlineData(@"..\..\escape")]
    [InlineData("C:/Windows/evil")]
    [InlineData("./x")]
    [InlineData("")]
    public async Task CreateCheckout_FilePathLeavingTheCheckout_RefusedNamingTheEntryAndNothingCreated(string filePath)
    {
        var good = await _shaman.StoreAsync(ShamanFixture.Payload, "good.blend");

        var error = await Assert.ThrowsAsync<StorageException>(() => CheckoutAsync("job", good, good with { Path = filePath }));

        Assert.Equal(StorageError.InvalidRequest, error.Error);
        Assert.StartsWith("files[1].path: ", error.Message);
        Assert.Empty(ShamanFixture.Entries(_shaman.Jobs));
        Assert.False(Directory.Exists(Path.Combine(_shaman.Shared, "home")));
    }

    [Fact]
    public async Task CreateCheckout_PathTaken_SecondGetsARandomSuffix()
    {
        var file = await _shaman.StoreAsync(ShamanFixture.Payload);

        var first = await CheckoutAsync("some-path/that is/unique/at first", file);
        var second = await CheckoutAsync("some-path/that is/unique/at first", file);

        Assert.Equal("some-path/that is/unique/at first", first);
        Assert.Matches(new Regex("^some-path/that is/unique/at first-[a-z0-9]{4}$"), second);
        Assert.True(Directory.Exists(Path.Combine(_shaman.Jobs, second)));
    }

    [Fact]
    public async Task CreateCheckout_MissingFile_RefusedAndExistingCheckoutUntouched()
    {
        var file = await _shaman.StoreAsync(ShamanFixture.Payload, "scene.blend");
        var existing = await CheckoutAsync("project/job", file);
        var missing = new StorageFileSpec(new string('c', 64), 7, "textures/missing.png");

        var error = await Assert.ThrowsAsync<StorageException>(() => CheckoutAsync("project/job", file, missing));
        var otherError = await Assert.ThrowsAsync<StorageException>(() => CheckoutAsync("other/deeper/job", missing));

        Assert.Equal(StorageError.MissingFiles, error.Error);
        Assert.Contains("textures/missing.png", error.Message);
        Assert.Equal(StorageError.MissingFiles, otherError.Error);
        Assert.Equal([existing], Directory.GetDirectories(Path.Combine(_shaman.Jobs, "project")).Select(d => "project/" + Path.GetFileName(d)));
        Assert.True(File.Exists(Path.Combine(_shaman.Jobs, existing, "scene.blend")));
        Assert.False(Directory.Exists(Path.Combine(_shaman.Jobs, "other")));
    }

    [Fact]
    public async Task CreateCheckout_SamePathTwiceWithDifferentFiles_RefusedAndNothingLeftBehind()
    {
        var one = await _shaman.StoreAsync("one"u8.ToArray(), "same");
        var two = await _shaman.StoreAsync("two"u8.ToArray(), "same");

        var error = await Assert.ThrowsAsync<StorageException>(() => CheckoutAsync("deep/job", one, two));

        Assert.Equal(StorageError.InvalidRequest, error.Error);
        Assert.StartsWith("files[1].path: ", error.Message);
        Assert.Empty(ShamanFixture.Entries(_shaman.Jobs));
    }

    [Fact]
    public async Task CreateCheckout_SameFileListedTwice_LinkedOnceAndTouched()
    {
        var file = await _shaman.StoreAsync(ShamanFixture.Payload, "scene.blend");
        var blob = _shaman.StoredPath(file.Checksum, file.Size);
        File.SetLastWriteTimeUtc(blob, _shaman.Time.GetUtcNow().UtcDateTime.AddDays(-100));

        var path = await CheckoutAsync("job", file, file);

        var link = Path.Combine(_shaman.Jobs, path, "scene.blend");
        Assert.NotNull(new FileInfo(link).LinkTarget);
        Assert.Equal(ShamanFixture.Payload, await File.ReadAllBytesAsync(link));
        Assert.Equal(_shaman.Time.GetUtcNow().UtcDateTime, File.GetLastWriteTimeUtc(blob));
    }

    [Fact]
    public async Task CreateCheckout_Done_LeavesNoStagingFolder()
    {
        var file = await _shaman.StoreAsync(ShamanFixture.Payload);

        await CheckoutAsync("project/job", file);

        Assert.Equal(["job"], Directory.GetFileSystemEntries(Path.Combine(_shaman.Jobs, "project")).Select(Path.GetFileName));
    }

    public void Dispose() => _shaman.Dispose();

    private Task<string> CheckoutAsync(string checkoutPath, params StorageFileSpec[] files) =>
        _shaman.Storage.CreateCheckoutAsync(checkoutPath, files, CancellationToken.None);
}
