using Flamenco.Api;
using Flamenco.Manager.Events;
using Flamenco.Manager.LastRendered;
using Flamenco.Manager.LocalStorage;
using Flamenco.Manager.Persistence;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using SkiaSharp;

namespace Flamenco.Manager.Tests.LastRendered;

/// <summary>The last-rendered queue and thumbnails (manager.md §5.7, §8.6 case 77, §8.8 case 97, §9.3 Q17).</summary>
public sealed class LastRenderedProcessorTests : IDisposable
{
    private static readonly Guid JobId = Guid.Parse("0193a4e4-7a5b-7c6e-9d2f-1e0a3b4c5d6e");

    private readonly string _root = Directory.CreateTempSubdirectory("flamenco-lastrendered-").FullName;
    private readonly FlamencoDatabase _database = new(new MemoryStream());
    private readonly EventBus _events = new(NullLogger<EventBus>.Instance);
    private readonly List<EventLastRenderedUpdate> _published = [];
    private readonly IDisposable _subscription;
    private readonly ILastRenderedStore _store;
    private readonly ManagerLocalStorage _storage;
    private readonly LastRenderedProcessor _processor;

    public LastRenderedProcessorTests()
    {
        _storage = new ManagerLocalStorage(_root);
        _store = new LiteDbLastRenderedStore(_database, new FakeTimeProvider());
        _processor = new LastRenderedProcessor(_storage, _store, _events, NullLogger<LastRenderedProcessor>.Instance);
        _subscription = _events.Subscribe<EventLastRenderedUpdate>(_published.Add);
    }

    public void Dispose()
    {
        _subscription.Dispose();
        _database.Dispose();
        Directory.Delete(_root, recursive: true);
    }

    private string JobFolder => Path.Combine(_root, "job-0193", JobId.ToString());

    private Task<LastRenderedOutcome> Queue(byte[] image, string contentType = "image/jpeg") =>
        _processor.QueueAsync(JobId, contentType, image.Length, new MemoryStream(image));

    [Fact]
    public void SkiaSharp_NativeLibrary_LoadsOnThisMachine()
    {
        using var bitmap = new SKBitmap(8, 8);
        bitmap.Erase(SKColors.Red);
        using var jpeg = bitmap.Encode(SKEncodedImageFormat.Jpeg, 85);
        using var png = bitmap.Encode(SKEncodedImageFormat.Png, 100);

        Assert.True(jpeg.Size > 0);
        using var decoded = SKBitmap.Decode(png);
        Assert.Equal(SKColors.Red, decoded.GetPixel(4, 4));
    }

    [Fact]
    public async Task QueueAsync_FourImagesWhileNothingIsProcessed_QueuesThreeAndRefusesTheFourth()
    {
        var image = TestImages.Jpeg(64, 36);

        var outcomes = new List<LastRenderedOutcome>();
        for (var i = 0; i < 4; i++) outcomes.Add(await Queue(image));

        Assert.Equal([202, 202, 202, 429], outcomes.Select(o => o.StatusCode));
        Assert.True(outcomes[0].IsQueued);
        Assert.Null(outcomes[0].Error);
        Assert.Equal(429, outcomes[3].Error!.Code);
    }

    [Fact]
    public async Task Process_21To9Jpeg_WritesThreeThumbnailsWithinTheirBoxes()
    {
        Assert.Equal(202, (await Queue(TestImages.Jpeg(2520, 1080))).StatusCode);
        Assert.True(_processor.Queue.TryRead(out var queued));

        Assert.True(_processor.Process(queued));

        Assert.Equal((1920, 822), TestImages.SizeOf(Path.Combine(JobFolder, "last-rendered.jpg")));
        Assert.Equal((600, 257), TestImages.SizeOf(Path.Combine(JobFolder, "last-rendered-small.jpg")));
        Assert.Equal((200, 85), TestImages.SizeOf(Path.Combine(JobFolder, "last-rendered-tiny.jpg")));
        Assert.Equal(["last-rendered-small.jpg", "last-rendered-tiny.jpg", "last-rendered.jpg"],
            Directory.GetFiles(JobFolder).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        var published = Assert.Single(_published);
        Assert.Equal(JobId.ToString(), published.JobId);
        Assert.Equal($"/job-files/job-0193/{JobId}", published.Thumbnail.Base);
        Assert.Equal(["last-rendered.jpg", "last-rendered-small.jpg", "last-rendered-tiny.jpg"], published.Thumbnail.Suffixes);
        Assert.Equal(JobId, _store.LastRenderedJob());
        Assert.Equal(published.Thumbnail, _processor.ForJob(JobId));
        Assert.Equal(published.Thumbnail, _processor.Global());
    }

    [Fact]
    public async Task Process_TallPngWithTransparency_FitsEachBoxByHeight()
    {
        Assert.Equal(202, (await Queue(TestImages.Png(1000, 3000), "image/png")).StatusCode);
        Assert.True(_processor.Queue.TryRead(out var queued));

        Assert.True(_processor.Process(queued));

        Assert.Equal((360, 1080), TestImages.SizeOf(Path.Combine(JobFolder, "last-rendered.jpg")));
        Assert.Equal((112, 338), TestImages.SizeOf(Path.Combine(JobFolder, "last-rendered-small.jpg")));
        Assert.Equal((37, 112), TestImages.SizeOf(Path.Combine(JobFolder, "last-rendered-tiny.jpg")));
    }

    [Fact]
    public async Task Process_ImageSmallerThanTheBoxes_IsNotEnlarged()
    {
        await Queue(TestImages.Jpeg(150, 100));
        Assert.True(_processor.Queue.TryRead(out var queued));

        Assert.True(_processor.Process(queued));

        Assert.Equal((150, 100), TestImages.SizeOf(Path.Combine(JobFolder, "last-rendered.jpg")));
        Assert.Equal((150, 100), TestImages.SizeOf(Path.Combine(JobFolder, "last-rendered-small.jpg")));
        Assert.Equal((150, 100), TestImages.SizeOf(Path.Combine(JobFolder, "last-rendered-tiny.jpg")));
    }

    [Fact]
    public async Task Process_JpegThatIsCutShort_IsDroppedWithoutFilesOrEvent()
    {
        var broken = TestImages.Jpeg(800, 600)[..200];
        Assert.Equal(202, (await Queue(broken)).StatusCode);
        Assert.True(_processor.Queue.TryRead(out var queued));

        Assert.False(_processor.Process(queued));

        Assert.False(Directory.Exists(JobFolder) && Directory.EnumerateFiles(JobFolder).Any());
        Assert.Empty(_published);
        Assert.Null(_store.LastRenderedJob());
        Assert.Null(_processor.ForJob(JobId));
    }

    [Fact]
    public async Task QueueAsync_TextWithAnImageContentType_Is415()
    {
        var outcome = await Queue("this is not an image at all"u8.ToArray());

        Assert.Equal(415, outcome.StatusCode);
        Assert.Equal("the body is neither a JPEG nor a PNG image", outcome.Message);
        Assert.False(_processor.Queue.TryRead(out _));
    }

    [Theory]
    [InlineData("text/plain")]
    [InlineData("image/gif")]
    [InlineData("application/octet-stream")]
    [InlineData("")]
    [InlineData(null)]
    public async Task QueueAsync_ContentTypeOtherThanJpegOrPng_Is415(string? contentType)
    {
        var image = TestImages.Jpeg(64, 36);

        var outcome = await _processor.QueueAsync(JobId, contentType, image.Length, new MemoryStream(image));

        Assert.Equal(415, outcome.StatusCode);
    }

    [Fact]
    public async Task QueueAsync_ContentTypeWithParameters_IsAccepted()
    {
        Assert.Equal(202, (await Queue(TestImages.Png(64, 36), "Image/PNG; charset=binary")).StatusCode);
    }

    [Fact]
    public async Task QueueAsync_OneByteOverTheLimit_Is413WithUpstreamsMessage()
    {
        var outcome = await _processor.QueueAsync(JobId, "image/jpeg", 25 * 1024 * 1024 + 1, Stream.Null);

        Assert.Equal(new LastRenderedOutcome(413, "image too large; should be max 26214400 bytes"), outcome);
    }

    [Theory]
    [InlineData(null)]
    [InlineData(0L)]
    public async Task QueueAsync_NoContentLength_Is411(long? contentLength)
    {
        var outcome = await _processor.QueueAsync(JobId, "image/jpeg", contentLength, Stream.Null);

        Assert.Equal(new LastRenderedOutcome(411, "Content-Length header required"), outcome);
    }

    [Fact]
    public async Task QueueAsync_BodyShorterThanItsLength_Is400()
    {
        var image = TestImages.Jpeg(64, 36);

        var outcome = await _processor.QueueAsync(JobId, "image/jpeg", image.Length + 10, new MemoryStream(image));

        Assert.Equal(400, outcome.StatusCode);
        Assert.False(_processor.Queue.TryRead(out _));
    }

    [Fact]
    public void GlobalAndForJob_NoImageEver_AreNull()
    {
        Assert.Null(_processor.Global());
        Assert.Null(_processor.ForJob(JobId));
    }

    [Fact]
    public async Task Global_AfterTheJobsFolderWasDeleted_IsNull()
    {
        await Queue(TestImages.Jpeg(64, 36));
        Assert.True(_processor.Queue.TryRead(out var queued));
        _processor.Process(queued);

        _storage.DeleteJobFolder(JobId);

        Assert.Null(_processor.Global());
    }

    [Fact]
    public async Task QueueService_RunningOnTheQueue_ProcessesEveryImage()
    {
        using var service = new LastRenderedQueueService(_processor, NullLogger<LastRenderedQueueService>.Instance);
        await service.StartAsync(CancellationToken.None);
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var _ = _events.Subscribe<EventLastRenderedUpdate>(_ => { if (_published.Count == 5) done.TrySetResult(); });

        for (var i = 0; i < 5; i++)
        {
            while ((await Queue(TestImages.Jpeg(320 + i, 180))).StatusCode == 429) await Task.Delay(10);
        }
        await done.Task.WaitAsync(TimeSpan.FromSeconds(30));
        await service.StopAsync(CancellationToken.None);

        Assert.Equal(5, _published.Count);
        Assert.Equal((324, 180), TestImages.SizeOf(Path.Combine(JobFolder, "last-rendered.jpg")));
    }
}
