using System.Text;

namespace Flamenco.Plugins.Storage.Shaman.Tests;

/// <summary><c>checkout/requirements</c> (worker-and-shaman.md §5.2, cases T62–T63).</summary>
public sealed class RequirementsTests : IDisposable
{
    private readonly ShamanFixture _shaman = new();

    [Fact]
    public async Task CheckRequirements_SameFileTwice_ListedOnceWithTheFirstPath()
    {
        var sha3 = ShamanFixture.Sha("third"u8.ToArray());
        StorageFileSpec[] files =
        [
            new(ShamanFixture.Sha("first"u8.ToArray()), 5, "file1"),
            new(ShamanFixture.Sha("second"u8.ToArray()), 6, "file2"),
            new(sha3, 1134, "file3"),
            new(sha3, 1134, "file4"),
        ];

        var needed = await _shaman.Storage.CheckRequirementsAsync(files, CancellationToken.None);

        Assert.Equal(["file1", "file2", "file3"], needed.Select(r => r.File.Path));
        Assert.All(needed, r => Assert.Equal(StoredFileStatus.Unknown, r.Status));
    }

    [Fact]
    public async Task CheckRequirements_StoredFile_LeftOutAndTouched()
    {
        var stored = await _shaman.StoreAsync(Encoding.UTF8.GetBytes("stored a while ago"), "old.blend");
        var blob = _shaman.StoredPath(stored.Checksum, stored.Size);
        File.SetLastWriteTimeUtc(blob, _shaman.Time.GetUtcNow().UtcDateTime.AddDays(-100));
        var uploading = new StorageFileSpec(new string('b', 64), 42, "uploading.png");
        _shaman.PretendUploading(uploading.Checksum, uploading.Size);

        var needed = await _shaman.Storage.CheckRequirementsAsync([stored, uploading], CancellationToken.None);

        var only = Assert.Single(needed);
        Assert.Equal(new StorageFileRequirement(uploading, StoredFileStatus.Uploading), only);
        Assert.Equal(_shaman.Time.GetUtcNow().UtcDateTime, File.GetLastWriteTimeUtc(blob));
    }

    [Fact]
    public async Task CheckRequirements_MalformedChecksum_RefusedNamingTheEntry()
    {
        StorageFileSpec[] files = [new(new string('a', 64), 1, "ok"), new("../x", 1, "bad")];

        var error = await Assert.ThrowsAsync<StorageException>(() => _shaman.Storage.CheckRequirementsAsync(files, CancellationToken.None));

        Assert.Equal(StorageError.InvalidRequest, error.Error);
        Assert.StartsWith("files[1].sha: expected a SHA-256 checksum", error.Message);
    }

    public void Dispose() => _shaman.Dispose();
}
