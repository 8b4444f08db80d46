using System.Net.Http.Headers;
using System.Threading.Channels;
using Flamenco.Api;
using Flamenco.Manager.Events;
using Flamenco.Manager.LocalStorage;
using Flamenco.Manager.Persistence;

namespace Flamenco.Manager.LastRendered;

/// <summary>
/// The last-rendered pipeline (manager.md §5.7): workers upload their latest frame, it waits in a queue of
/// <see cref="QueueSize"/>, and <see cref="LastRenderedQueueService"/> turns it into three JPEG thumbnails in the job's
/// local-storage folder, makes the job the global last-rendered one and publishes <c>EventLastRenderedUpdate</c>.
/// </summary>
public sealed class LastRenderedProcessor(ManagerLocalStorage storage, ILastRenderedStore store, EventBus events, ILogger<LastRenderedProcessor> logger)
{
    /// <summary>Images waiting for processing (the one being processed not counted); one more is answered with 429.</summary>
    public const int QueueSize = 3;

    /// <summary>25 MiB, upstream's limit.</summary>
    public const long MaxImageBytes = 25L * 1024 * 1024;

    /// <summary>The thumbnails, largest first; the smallest one existing means the job has an image.</summary>
    public static IReadOnlyList<ThumbnailSpec> Thumbnails { get; } =
    [
        new("last-rendered.jpg", 1920, 1080),
        new("last-rendered-small.jpg", 600, 338),
        new("last-rendered-tiny.jpg", 200, 112),
    ];

    private static readonly IReadOnlyList<string> Suffixes = Thumbnails.Select(t => t.FileName).ToArray();

    private static readonly byte[] JpegMagic = [0xFF, 0xD8, 0xFF];

    private static readonly byte[] PngMagic = [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A];

    private readonly Channel<LastRenderedImage> _queue = Channel.CreateBounded<LastRenderedImage>(
        new BoundedChannelOptions(QueueSize) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait });

    internal ChannelReader<LastRenderedImage> Queue => _queue.Reader;

    /// <summary>
    /// Checks an uploaded image and queues it for the job. The checks come before the body is read or queued (unlike
    /// upstream, whose 415 was unreachable, manager.md §9.3 Q17): a length is required (411) and at most
    /// <see cref="MaxImageBytes"/> (413); the content type must be image/jpeg or image/png and the bytes must start like
    /// a JPEG or PNG (415); a full queue answers 429 without reading the body.
    /// </summary>
    /// <param name="jobId">The job of the task whose worker sent the image.</param>
    /// <param name="contentType">The request's Content-Type header.</param>
    /// <param name="contentLength">The request's Content-Length header; null when absent (e.g. chunked).</param>
    /// <param name="body">The request body; exactly <paramref name="contentLength"/> bytes are read.</param>
    /// <param name="cancellationToken">The request's abort token.</param>
    public async Task<LastRenderedOutcome> QueueAsync(Guid jobId, string? contentType, long? contentLength, Stream body,
        CancellationToken cancellationToken = default)
    {
        if (contentLength is not > 0) return LastRenderedOutcome.LengthRequired;
        if (contentLength > MaxImageBytes) return LastRenderedOutcome.TooLarge;
        if (!IsImageMediaType(contentType))
        {
            return LastRenderedOutcome.Unsupported($"unsupported media type \"{contentType}\"; send image/jpeg or image/png");
        }
        if (_queue.Reader.Count >= QueueSize) return LastRenderedOutcome.QueueFull;

        var data = new byte[contentLength.Value];
        try
        {
            var read = await body.ReadAtLeastAsync(data, data.Length, throwOnEndOfStream: false, cancellationToken);
            if (read < data.Length) return LastRenderedOutcome.BadRequest($"the body has {read} bytes, its Content-Length says {data.Length}");
        }
        catch (IOException e)
        {
            // Kestrel's BadHttpRequestException (client went away, body cut short) is an IOException.
            return LastRenderedOutcome.BadRequest($"the image could not be read: {e.Message}");
        }
        if (!data.AsSpan().StartsWith(JpegMagic) && !data.AsSpan().StartsWith(PngMagic))
        {
            return LastRenderedOutcome.Unsupported("the body is neither a JPEG nor a PNG image");
        }

        return _queue.Writer.TryWrite(new LastRenderedImage(jobId, data)) ? LastRenderedOutcome.Queued : LastRenderedOutcome.QueueFull;
    }

    /// <summary>The job's thumbnails, or null when it has none.</summary>
    public JobLastRenderedImageInfo? ForJob(Guid jobId) =>
        File.Exists(Path.Combine(storage.JobFolder(jobId), Thumbnails[^1].FileName)) ? InfoOf(jobId) : null;

    /// <summary>The thumbnails of the job that got an image last, or null when there is none (any more).</summary>
    public JobLastRenderedImageInfo? Global() => store.LastRenderedJob() is { } jobId ? ForJob(jobId) : null;

    /// <summary>Makes the thumbnails of one queued image, then records and announces them. False when the image was dropped.</summary>
    internal bool Process(LastRenderedImage image)
    {
        try
        {
            Thumbnailer.WriteThumbnails(image.Data, storage.JobFolder(image.JobId), Thumbnails);
        }
        catch (Exception e) when (e is InvalidDataException or IOException or UnauthorizedAccessException)
        {
            logger.LogWarning("Last-rendered image of job {Job} dropped: {Reason}", image.JobId, e.Message);
            return false;
        }
        store.SetLastRenderedJob(image.JobId);
        events.Publish(new EventLastRenderedUpdate { JobId = image.JobId.ToString("D"), Thumbnail = InfoOf(image.JobId) });
        return true;
    }

    private static JobLastRenderedImageInfo InfoOf(Guid jobId) => new()
    {
        Base = ManagerLocalStorage.UrlOf(ManagerLocalStorage.RelativeJobFolder(jobId)),
        Suffixes = Suffixes,
    };

    private static bool IsImageMediaType(string? contentType) =>
        MediaTypeHeaderValue.TryParse(contentType, out var parsed)
        && (string.Equals(parsed.MediaType, "image/jpeg", StringComparison.OrdinalIgnoreCase)
            || string.Equals(parsed.MediaType, "image/png", StringComparison.OrdinalIgnoreCase));
}

/// <summary>An accepted upload waiting for processing.</summary>
internal sealed record LastRenderedImage(Guid JobId, byte[] Data);
