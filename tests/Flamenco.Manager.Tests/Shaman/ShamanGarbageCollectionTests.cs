using System.Net;
using System.Net.Http.Json;
using Flamenco.Api;
using Flamenco.Manager.Features.Shaman.GarbageCollection;
using Flamenco.Manager.Tests.Support;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Flamenco.Manager.Tests.Shaman;

/// <summary>The Manager's schedule for Shaman's garbage collection (worker-and-shaman.md §5.3), on a clock the test moves.</summary>
public sealed class ShamanGarbageCollectionTests
{
    private static readonly TimeSpan MaxAge = TimeSpan.FromHours(744);

    [Fact]
    public async Task GarbageCollection_FirstAfter30sThenEveryPeriod_DeletesOldUnlinkedFilesOnly()
    {
        var time = new FakeTimeProvider(TimeProvider.System.GetUtcNow());
        using var host = new ShamanHost();
        using var factory = host.Factory.WithWebHostBuilder(b => b.ConfigureTestServices(s => s.AddSingleton<TimeProvider>(time)));
        var client = factory.CreateClient();
        var linked = await UploadAsync(client, "linked");
        var unlinked = await UploadAsync(client, "unlinked");
        var checkout = await client.PostAsJsonAsync("/api/v3/shaman/checkout/create",
            new ShamanCheckout { CheckoutPath = "job", Files = [new ShamanFileSpec { Sha = linked.Sha, Size = linked.Size, Path = "scene.blend" }] }, ManagerAppFactory.Json);
        Assert.Equal(HttpStatusCode.OK, checkout.StatusCode);
        MakeOld(host, linked, time);
        MakeOld(host, unlinked, time);

        time.Advance(TimeSpan.FromSeconds(29));
        await Task.Delay(200);
        Assert.True(File.Exists(BlobPath(host, unlinked)), "no collection before 30 s");
        await AdvanceUntilAsync(time, TimeSpan.FromSeconds(1), () => !File.Exists(BlobPath(host, unlinked)), TimeSpan.FromSeconds(30));
        Assert.True(File.Exists(BlobPath(host, linked)));

        var later = await UploadAsync(client, "unlinked, uploaded later");
        MakeOld(host, later, time);
        await AdvanceUntilAsync(time, TimeSpan.FromHours(1), () => !File.Exists(BlobPath(host, later)), TimeSpan.FromHours(25));
        Assert.True(File.Exists(BlobPath(host, linked)));
    }

    [Theory]
    [InlineData(0, "0.0 B")]
    [InlineData(1023, "1023.0 B")]
    [InlineData(1536, "1.5 KiB")]
    [InlineData(5L << 40, "5.0 TiB")]
    public void HumanBytes_AsFlamencoLogsThem(long bytes, string expected) =>
        Assert.Equal(expected, ShamanGarbageCollection.HumanBytes(bytes));

    private static async Task<(string Sha, long Size)> UploadAsync(HttpClient client, string text)
    {
        var content = System.Text.Encoding.UTF8.GetBytes($"{text} {Guid.NewGuid()}");
        Assert.Equal(HttpStatusCode.NoContent, (await client.SendAsync(ShamanHost.Upload(content))).StatusCode);
        return (ShamanHost.Sha(content), content.Length);
    }

    private static string BlobPath(ShamanHost host, (string Sha, long Size) file) =>
        Path.Combine(host.Shared, "file-store", "stored", file.Sha[..2], file.Sha[2..], $"{file.Size}.blob");

    private static void MakeOld(ShamanHost host, (string Sha, long Size) file, TimeProvider time) =>
        File.SetLastWriteTimeUtc(BlobPath(host, file), time.GetUtcNow().UtcDateTime - 2 * MaxAge);

    /// <summary>Moves the clock in steps (the service may not be waiting yet when a step is made) until the condition holds.</summary>
    private static async Task AdvanceUntilAsync(FakeTimeProvider time, TimeSpan step, Func<bool> condition, TimeSpan limit)
    {
        for (var advanced = TimeSpan.Zero; !condition(); advanced += step)
        {
            Assert.True(advanced <= limit, $"not done after advancing the clock by {advanced}");
            time.Advance(step);
            await Task.Delay(50);
        }
    }
}
