using Flamenco.Plugins.Storage.Shaman.FileStore;
using Flamenco.Plugins.Storage.Shaman.GarbageCollection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace Flamenco.Plugins.Storage.Shaman.Tests;

/// <summary>Garbage collection (worker-and-shaman.md §5.3, case T70, and the §8.2 item 8 pitfall).</summary>
public sealed class GarbageCollectionTests : IDisposable
{
    private static readonly TimeSpan MaxAge = TimeSpan.FromHours(744);
    private readonly ShamanFixture _shaman = new();

    [Fact]
    public async Task CollectGarbage_OldFiles_DeletesTheUnlinkedKeepsTheLinked()
    {
        var (linked, unlinked1, unlinked2) = await ThreeOldBlobsOneLinkedAsync(_shaman);

        var report = await _shaman.Storage.CollectGarbageAsync(_shaman.Time.GetUtcNow() - MaxAge, CancellationToken.None);

        Assert.Equal(new StorageGarbageReport(OldFiles: 3, StillUsed: 1, Deleted: 2, BytesFreed: unlinked1.Size + unlinked2.Size, NotDeleted: 0), report);
        Assert.True(File.Exists(_shaman.StoredPath(linked.Checksum, linked.Size)));
        Assert.False(File.Exists(_shaman.StoredPath(unlinked1.Checksum, unlinked1.Size)));
        Assert.False(Directory.Exists(Path.Combine(_shaman.Stored, unlinked2.Checksum[..2])), "the emptied folders go too");
        Assert.Equal("linked content", await File.ReadAllTextAsync(Path.Combine(_shaman.Jobs, "job", "use-of-linked.blend")));
    }

    [Fact]
    public async Task CollectGarbage_RecentFiles_Kept()
    {
        var recent = await _shaman.StoreAsync("recent"u8.ToArray());

        var report = await _shaman.Storage.CollectGarbageAsync(_shaman.Time.GetUtcNow() - MaxAge, CancellationToken.None);

        Assert.Equal(new StorageGarbageReport(0, 0, 0, 0, 0), report);
        Assert.True(File.Exists(_shaman.StoredPath(recent.Checksum, recent.Size)));
    }

    [Fact]
    public async Task CollectGarbage_FileTouchedWhileCollecting_Kept()
    {
        var (_, touched, unlinked) = await ThreeOldBlobsOneLinkedAsync(_shaman);
        var collector = new GarbageCollector(new ContentStore(Path.Combine(_shaman.Shared, "file-store"), _shaman.Time), _shaman.Jobs, NullLogger.Instance);

        var old = collector.FindOld(_shaman.Time.GetUtcNow() - MaxAge);
        File.SetLastWriteTimeUtc(_shaman.StoredPath(touched.Checksum, touched.Size), _shaman.Time.GetUtcNow().UtcDateTime);
        collector.RemoveLinked(old, CancellationToken.None);
        var result = collector.Delete(old);

        Assert.Equal((1, unlinked.Size, 0, 1), result);
        Assert.True(File.Exists(_shaman.StoredPath(touched.Checksum, touched.Size)));
    }

    [Fact]
    public async Task CollectGarbage_StorageReachedThroughASymlink_LinkedFilesKept()
    {
        var real = Directory.CreateTempSubdirectory("flamenco-shaman-real-").FullName;
        var viaLink = Path.Combine(_shaman.Shared, "storage-link");
        Directory.CreateSymbolicLink(viaLink, real);
        var time = new FakeTimeProvider(_shaman.Time.GetUtcNow());
        var storage = new ShamanStorage(new StorageLocations { SharedStoragePath = viaLink, CheckoutRoot = Path.Combine(viaLink, "jobs") },
            time, NullLogger<ShamanStorage>.Instance);
        try
        {
            var content = "linked through a symlinked storage path"u8.ToArray();
            var spec = new StorageFileSpec(ShamanFixture.Sha(content), content.Length, "scene.blend");
            await storage.StoreFileAsync(new StoreFileRequest(spec.Checksum, spec.Size, false, null), new MemoryStream(content), CancellationToken.None);
            await storage.CreateCheckoutAsync("job", [spec], CancellationToken.None);
            var blob = Path.Combine(real, "file-store", "stored", spec.Checksum[..2], spec.Checksum[2..], $"{spec.Size}.blob");
            File.SetLastWriteTimeUtc(blob, time.GetUtcNow().UtcDateTime - 2 * MaxAge);

            var report = await storage.CollectGarbageAsync(time.GetUtcNow() - MaxAge, CancellationToken.None);

            Assert.Equal((1, 1, 0), (report.OldFiles, report.StillUsed, report.Deleted));
            Assert.True(File.Exists(blob));
        }
        finally
        {
            Directory.Delete(real, recursive: true);
        }
    }

    [Fact]
    public async Task CollectGarbage_UploadLeftOverFromACrash_DeletedOnceOld()
    {
        var stale = _shaman.PretendUploading(new string('d', 64), 10);
        File.SetLastWriteTimeUtc(stale, _shaman.Time.GetUtcNow().UtcDateTime - 2 * MaxAge);
        var fresh = _shaman.PretendUploading(new string('e', 64), 10);
        File.SetLastWriteTimeUtc(fresh, _shaman.Time.GetUtcNow().UtcDateTime);

        await _shaman.Storage.CollectGarbageAsync(_shaman.Time.GetUtcNow() - MaxAge, CancellationToken.None);

        Assert.False(File.Exists(stale));
        Assert.False(Directory.Exists(Path.Combine(_shaman.Uploading, "dd")));
        Assert.True(File.Exists(fresh));
    }

    public void Dispose() => _shaman.Dispose();

    /// <summary>T70: three blobs, all last used twice the maximum age ago, one of them linked from a checkout.</summary>
    private static async Task<(StorageFileSpec Linked, StorageFileSpec Unlinked1, StorageFileSpec Unlinked2)> ThreeOldBlobsOneLinkedAsync(ShamanFixture shaman)
    {
        var linked = await shaman.StoreAsync("linked content"u8.ToArray(), "use-of-linked.blend");
        var unlinked1 = await shaman.StoreAsync("unlinked content, one"u8.ToArray());
        var unlinked2 = await shaman.StoreAsync("unlinked content, two!"u8.ToArray());
        await shaman.Storage.CreateCheckoutAsync("job", [linked], CancellationToken.None);
        foreach (var spec in new[] { linked, unlinked1, unlinked2 })
        {
            File.SetLastWriteTimeUtc(shaman.StoredPath(spec.Checksum, spec.Size), shaman.Time.GetUtcNow().UtcDateTime - 2 * MaxAge);
        }
        return (linked, unlinked1, unlinked2);
    }
}
