using SkiaSharp;

namespace Flamenco.Manager.LastRendered;

/// <summary>A thumbnail file and the box its image is fitted into.</summary>
public sealed record ThumbnailSpec(string FileName, int MaxWidth, int MaxHeight);

/// <summary>Turns a JPEG or PNG into the last-rendered JPEGs with SkiaSharp.</summary>
internal static class Thumbnailer
{
    public const int JpegQuality = 85;

    /// <summary>A 25 MiB PNG can hold a gigapixel image; refuse to decode more than this many pixels (400 MB of RGBA).</summary>
    public const long MaxDecodedPixels = 100_000_000;

    /// <summary>
    /// Decodes <paramref name="image"/> and writes one JPEG per spec into <paramref name="folder"/>, in the given order
    /// (largest first, so the smallest one existing means all do). Each file is written under a temporary dot-name and
    /// renamed into place, so a client never reads half a file. Throws <see cref="InvalidDataException"/> when the
    /// image cannot be decoded.
    /// </summary>
    public static void WriteThumbnails(byte[] image, string folder, IReadOnlyList<ThumbnailSpec> specs)
    {
        var (source, width, height) = Decode(image, specs[0]);
        Directory.CreateDirectory(folder);
        var current = source;
        try
        {
            foreach (var spec in specs)
            {
                // Sizes come from the original dimensions; pixels from the previous, larger thumbnail (cheaper, as sharp).
                var size = Fit(width, height, spec.MaxWidth, spec.MaxHeight);
                var thumbnail = Resize(current, size);
                if (!ReferenceEquals(current, thumbnail)) current.Dispose();
                current = thumbnail;
                WriteJpeg(current, Path.Combine(folder, spec.FileName));
            }
        }
        finally
        {
            current.Dispose();
        }
    }

    /// <summary>
    /// The size of a <paramref name="width"/>×<paramref name="height"/> image fitted into the box with its aspect
    /// kept, never enlarged; rounding down like upstream's <c>imaging.Fit</c>.
    /// </summary>
    public static SKSizeI Fit(int width, int height, int maxWidth, int maxHeight)
    {
        if (width <= maxWidth && height <= maxHeight) return new SKSizeI(width, height);
        var aspect = (double)width / height;
        return aspect > (double)maxWidth / maxHeight
            ? new SKSizeI(maxWidth, Math.Max(1, (int)(maxWidth / aspect)))
            : new SKSizeI(Math.Max(1, (int)(maxHeight * aspect)), maxHeight);
    }

    /// <summary>Decodes the image, JPEGs directly at a reduced size when that is still at least the first box.</summary>
    private static (SKBitmap Bitmap, int Width, int Height) Decode(byte[] image, ThumbnailSpec largest)
    {
        using var data = SKData.CreateCopy(image);
        using var codec = SKCodec.Create(data) ?? throw new InvalidDataException("the image cannot be decoded");
        if (codec.EncodedFormat is not (SKEncodedImageFormat.Jpeg or SKEncodedImageFormat.Png))
        {
            throw new InvalidDataException($"the image is {codec.EncodedFormat}, not JPEG or PNG");
        }
        var (width, height) = (codec.Info.Width, codec.Info.Height);
        var target = Fit(width, height, largest.MaxWidth, largest.MaxHeight);
        var decodeSize = codec.Info.Size;
        if (target.Width < width)
        {
            var scaled = codec.GetScaledDimensions((float)target.Width / width);
            if (scaled.Width >= target.Width && scaled.Height >= target.Height) decodeSize = scaled;
        }
        if ((long)decodeSize.Width * decodeSize.Height > MaxDecodedPixels)
        {
            throw new InvalidDataException($"the image is {width}×{height} pixels; at most {MaxDecodedPixels} pixels are decoded");
        }

        var info = new SKImageInfo(decodeSize.Width, decodeSize.Height, SKImageInfo.PlatformColorType, SKAlphaType.Premul);
        var bitmap = new SKBitmap(info);
        var result = codec.GetPixels(info, bitmap.GetPixels());
        if (result != SKCodecResult.Success)
        {
            bitmap.Dispose();
            throw new InvalidDataException($"the image cannot be decoded: {result}");
        }
        return (bitmap, width, height);
    }

    /// <summary>
    /// Halves with a bilinear filter (an exact 2×2 average) while the image is at least twice the target, then does the
    /// last step with a Mitchell cubic: close to upstream's Lanczos without the aliasing of one big cubic step.
    /// Returns <paramref name="source"/> itself when it already has the size.
    /// </summary>
    private static SKBitmap Resize(SKBitmap source, SKSizeI size)
    {
        if (source.Width == size.Width && source.Height == size.Height) return source;
        var current = source;
        try
        {
            while (current.Width >= size.Width * 2 && current.Height >= size.Height * 2)
            {
                var half = current.Resize(new SKSizeI(current.Width / 2, current.Height / 2), new SKSamplingOptions(SKFilterMode.Linear))
                    ?? throw new InvalidDataException("the image cannot be scaled");
                if (!ReferenceEquals(current, source)) current.Dispose();
                current = half;
            }
            return current.Resize(size, new SKSamplingOptions(SKCubicResampler.Mitchell)) ?? throw new InvalidDataException("the image cannot be scaled");
        }
        finally
        {
            if (!ReferenceEquals(current, source)) current.Dispose();
        }
    }

    private static void WriteJpeg(SKBitmap bitmap, string path)
    {
        using var pixmap = bitmap.PeekPixels();
        // JPEG has no alpha: transparent parts of a PNG come out black, as with upstream's Go encoder.
        using var jpeg = pixmap.Encode(new SKJpegEncoderOptions(JpegQuality, SKJpegEncoderDownsample.Downsample420, SKJpegEncoderAlphaOption.BlendOnBlack))
            ?? throw new InvalidDataException("the thumbnail cannot be encoded as JPEG");
        var temporary = Path.Combine(Path.GetDirectoryName(path)!, $".{Path.GetFileName(path)}.{Guid.NewGuid():N}.tmp");
        try
        {
            using (var file = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None))
            {
                file.Write(jpeg.AsSpan());
            }
            File.Move(temporary, path, overwrite: true);
        }
        catch
        {
            File.Delete(temporary);
            throw;
        }
    }
}
