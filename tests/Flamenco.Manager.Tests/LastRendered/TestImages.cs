using Flamenco.Api;
using Flamenco.Manager.Events;
using Flamenco.Manager.LastRendered;
using Microsoft.Extensions.DependencyInjection;
using SkiaSharp;

namespace Flamenco.Manager.Tests.LastRendered;

/// <summary>Images made with SkiaSharp for the last-rendered tests.</summary>
internal static class TestImages
{
    public static byte[] Jpeg(int width, int height) => Encode(width, height, SKEncodedImageFormat.Jpeg, opaque: true);

    public static byte[] Png(int width, int height) => Encode(width, height, SKEncodedImageFormat.Png, opaque: false);

    public static (int Width, int Height) SizeOf(string path)
    {
        using var codec = SKCodec.Create(path) ?? throw new InvalidDataException($"{path} is not an image");
        Assert.Equal(SKEncodedImageFormat.Jpeg, codec.EncodedFormat);
        return (codec.Info.Width, codec.Info.Height);
    }

    /// <summary>Queues a JPEG for the job through the host's processor and waits until its thumbnails are announced.</summary>
    public static async Task<EventLastRenderedUpdate> QueueAndWaitAsync(IServiceProvider services, Guid jobId, byte[]? image = null)
    {
        image ??= Jpeg(640, 360);
        var done = new TaskCompletionSource<EventLastRenderedUpdate>(TaskCreationOptions.RunContinuationsAsynchronously);
        using var subscription = services.GetRequiredService<EventBus>().Subscribe<EventLastRenderedUpdate>(e =>
        {
            if (e.JobId == jobId.ToString("D")) done.TrySetResult(e);
        });
        var outcome = await services.GetRequiredService<LastRenderedProcessor>()
            .QueueAsync(jobId, "image/jpeg", image.Length, new MemoryStream(image));
        Assert.Equal(202, outcome.StatusCode);
        return await done.Task.WaitAsync(TimeSpan.FromSeconds(30));
    }

    private static byte[] Encode(int width, int height, SKEncodedImageFormat format, bool opaque)
    {
        using var bitmap = new SKBitmap(width, height, SKColorType.Rgba8888, opaque ? SKAlphaType.Opaque : SKAlphaType.Unpremul);
        using (var canvas = new SKCanvas(bitmap))
        {
            canvas.Clear(opaque ? SKColors.White : SKColors.Transparent);
            using var paint = new SKPaint
            {
                Shader = SKShader.CreateLinearGradient(new SKPoint(0, 0), new SKPoint(width, height),
                    [SKColors.Orange, SKColors.DarkBlue], SKShaderTileMode.Clamp),
            };
            canvas.DrawCircle(width / 2f, height / 2f, Math.Min(width, height) / 2f, paint);
        }
        using var data = bitmap.Encode(format, 90);
        return data.ToArray();
    }
}
