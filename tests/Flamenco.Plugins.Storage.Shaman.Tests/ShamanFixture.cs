using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace Flamenco.Plugins.Storage.Shaman.Tests;

/// <summary>A Shaman store on a temporary shared-storage folder, with a clock the test sets.</summary>
public sealed class ShamanFixture : IDisposable
{
    /// <summary>worker-and-shaman.md T57/T58: <c>hähähä</c> in UTF-8, 9 bytes.</summary>
    public static readonly byte[] Payload = Encoding.UTF8.GetBytes("hähähä");

    public const string PayloadSha = "05b373f2ab421a112c779258ea456c17160fcc1d0fe0bb8282de26122873f6e2";

    public ShamanFixture()
    {
        Locations = new StorageLocations { SharedStoragePath = Shared, CheckoutRoot = Path.Combine(Shared, "jobs") };
        Storage = new ShamanStorage(Locations, Time, NullLogger<ShamanStorage>.Instance);
    }

    public string Shared { get; } = Directory.CreateTempSubdirectory("flamenco-shaman-test-").FullName;

    public FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 4, 13, 12, 0, 0, TimeSpan.Zero));

    public StorageLocations Locations { get; }

    public ShamanStorage Storage { get; }

    public string Jobs => Locations.CheckoutRoot;

    public string Stored => Path.Combine(Shared, "file-store", "stored");

    public string Uploading => Path.Combine(Shared, "file-store", "uploading");

    /// <summary>What a folder holds; nothing when the store has not created it (yet).</summary>
    public static IEnumerable<string> Entries(string folder) => Directory.Exists(folder) ? Directory.EnumerateFileSystemEntries(folder) : [];

    public static string Sha(byte[] content) => Convert.ToHexStringLower(SHA256.HashData(content));

    public string StoredPath(string sha, long size) => Path.Combine(Stored, sha[..2], sha[2..], $"{size}.blob");

    /// <summary>Stores <paramref name="content"/> and returns its spec at <paramref name="path"/>.</summary>
    public async Task<StorageFileSpec> StoreAsync(byte[] content, string path = "file")
    {
        var sha = Sha(content);
        var result = await Storage.StoreFileAsync(new StoreFileRequest(sha, content.Length, false, path), new MemoryStream(content), CancellationToken.None);
        Assert.Equal(StoreFileResult.Stored, result);
        return new StorageFileSpec(sha, content.Length, path);
    }

    /// <summary>What an upload of (sha, size) in progress leaves on disk.</summary>
    public string PretendUploading(string sha, long size)
    {
        var folder = Path.Combine(Uploading, sha[..2], sha[2..]);
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, $"{size}-123456789.tmp");
        File.WriteAllText(path, "partial");
        return path;
    }

    public void Dispose() => Directory.Delete(Shared, recursive: true);
}
