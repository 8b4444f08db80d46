using SkiaSharp;

namespace Flamenco.Worker.Output;

/// <summary>Turns a rendered image into the JPEG the Manager's last-rendered preview takes (reference §3.2).</summary>
internal static class JpegPreview
{
    /// <summary>Flamenco's quality for these previews.</summary>
    public const int Quality = 85;

    /// <summary>
    /// Larger images are not decoded: the file's name comes from the render's output, which a blend file's script
    /// controls, and a decompression bomb must not take the worker's memory (reference §8.1.6). 16K × 8K is allowed.
    /// </summary>
    public const long MaxPixels = 16_384L * 8_192L;

    /// <summary>The image as a full-resolution JPEG, or null with the reason when it cannot be made.</summary>
    public static byte[]? Convert(string path, out string? problem)
    {
        problem = null;
        using var codec = SKCodec.Create(path, out var result);
        if (codec is null)
        {
            problem = result == SKCodecResult.Unimplemented ? "not an image format the worker can read (PNG, JPEG, WebP, GIF, BMP)" : $"cannot read it ({result})";
            return null;
        }
        var info = codec.Info;
        if ((long)info.Width * info.Height > MaxPixels)
        {
            problem = $"{info.Width}×{info.Height} is larger than a preview may be";
            return null;
        }
        // Premultiplied, because JPEG drops alpha: transparent areas come out black, not as the colours hidden under them.
        using var bitmap = new SKBitmap(info.Width, info.Height, SKColorType.Rgba8888, SKAlphaType.Premul);
        var decoded = codec.GetPixels(bitmap.Info, bitmap.GetPixels());
        if (decoded is not (SKCodecResult.Success or SKCodecResult.IncompleteInput))
        {
            problem = $"cannot decode it ({decoded})";
            return null;
        }
        using var data = bitmap.Encode(SKEncodedImageFormat.Jpeg, Quality);
        if (data is null)
        {
            problem = "cannot encode it as JPEG";
            return null;
        }
        return data.ToArray();
    }
}
