using System.Net;
using Flamenco.Worker.Output;
using Flamenco.Worker.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;
using SkiaSharp;

namespace Flamenco.Worker.Tests.Output;

public sealed class OutputUploaderTests : IDisposable
{
    private static readonly Guid TaskId = Guid.Parse("1d54c6fe-1242-4c8f-bd63-5a09e358d7b6");
    private static readonly string UploadPath = $"/api/v3/worker/task/{TaskId}/output-produced";
    private readonly string _folder = Directory.CreateTempSubdirectory("flamenco-worker-output-").FullName;
    private readonly FakeManager _manager = new(TimeProvider.System);

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Theory]
    [InlineData(SKEncodedImageFormat.Png, "frame-1.png")]
    [InlineData(SKEncodedImageFormat.Jpeg, "frame-1.jpg")]
    [InlineData(SKEncodedImageFormat.Webp, "frame-1.webp")]
    public async Task UploadAsync_Image_PostsItOnceAsAFullSizeJpeg(SKEncodedImageFormat format, string name)
    {
        var path = WriteImage(name, format, 64, 32);
        _manager.On("POST", UploadPath, HttpStatusCode.Accepted);

        await Uploader().UploadAsync(new ProducedOutput(TaskId, path), CancellationToken.None);

        var upload = Assert.Single(_manager.To(UploadPath));
        using var codec = SKCodec.Create(new MemoryStream(upload.Bytes));
        Assert.Equal("image/jpeg", upload.ContentType);
        Assert.Equal(SKEncodedImageFormat.Jpeg, codec.EncodedFormat);
        Assert.Equal((64, 32), (codec.Info.Width, codec.Info.Height));
    }

    [Theory]
    [InlineData(HttpStatusCode.TooManyRequests)]
    [InlineData(HttpStatusCode.InternalServerError)]
    public async Task UploadAsync_ManagerRefuses_DoesNotRetryNorThrow(HttpStatusCode answer)
    {
        var path = WriteImage("frame.png", SKEncodedImageFormat.Png, 8, 8);
        _manager.On("POST", UploadPath, answer);

        await Uploader().UploadAsync(new ProducedOutput(TaskId, path), CancellationToken.None);

        Assert.Single(_manager.To(UploadPath));
    }

    [Theory]
    [InlineData("frame.exr", "v/1\u0001 not really an OpenEXR file")]
    [InlineData("missing.png", null)]
    public async Task UploadAsync_NotAnImageItCanRead_SendsNothing(string name, string? content)
    {
        var path = Path.Combine(_folder, name);
        if (content is not null) File.WriteAllText(path, content);

        await Uploader().UploadAsync(new ProducedOutput(TaskId, path), CancellationToken.None);

        Assert.Empty(_manager.Requests);
    }

    [Fact]
    public async Task Service_SeveralOutputsWhileOneUploads_SendsTheFirstAndTheNewestOnly()
    {
        var paths = Enumerable.Range(1, 4).Select(i => WriteImage($"frame-{i}.png", SKEncodedImageFormat.Png, 8 * i, 8)).ToArray();
        var firstUploadArrived = new TaskCompletionSource();
        var releaseFirstUpload = new TaskCompletionSource();
        _manager.On("POST", UploadPath, r =>
        {
            if (firstUploadArrived.TrySetResult()) releaseFirstUpload.Task.Wait(TimeSpan.FromSeconds(10));
            return FakeManager.Reply(HttpStatusCode.Accepted);
        });
        using var uploader = Uploader();
        await uploader.StartAsync(CancellationToken.None);

        uploader.Enqueue(TaskId, paths[0]);
        await firstUploadArrived.Task.WaitAsync(TimeSpan.FromSeconds(10));
        foreach (var path in paths[1..]) uploader.Enqueue(TaskId, path);
        releaseFirstUpload.SetResult();
        await Clock.EventuallyAsync(() => _manager.To(UploadPath).Count() == 2);
        await Task.Delay(200);
        await uploader.StopAsync(CancellationToken.None);

        var widths = _manager.To(UploadPath).Select(r => SKBitmap.Decode(r.Bytes).Width);
        Assert.Equal([8, 32], widths);
    }

    private OutputUploader Uploader() => new(_manager.Client, NullLogger<OutputUploader>.Instance);

    private string WriteImage(string name, SKEncodedImageFormat format, int width, int height)
    {
        using var bitmap = new SKBitmap(width, height);
        bitmap.Erase(SKColors.OrangeRed);
        using var data = bitmap.Encode(format, 90);
        var path = Path.Combine(_folder, name);
        File.WriteAllBytes(path, data.ToArray());
        return path;
    }
}
