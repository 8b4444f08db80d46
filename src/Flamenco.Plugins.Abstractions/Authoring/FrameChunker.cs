using System.Globalization;
using System.Text;

namespace Flamenco.Plugins.Authoring;

/// <summary>
/// Flamenco's frame-range helpers (<c>frameChunker</c> and <c>frameCount</c> in job-type scripts).
/// A range is a comma-separated list of single frames and inclusive <c>start-end</c> spans; Blender's
/// <c>start..end</c> notation is accepted too. Frames are de-duplicated and sorted before chunking.
/// </summary>
/// <remarks>
/// Frames are kept as merged spans rather than one entry per frame, so counting a huge range costs nothing;
/// only the chunks actually returned are materialised.
/// </remarks>
public static class FrameChunker
{
    /// <summary>
    /// Splits <paramref name="frameRange"/> into chunks of <paramref name="chunkSize"/> frames, counted by frames
    /// rather than by frame numbers (gaps are skipped). Each chunk is written back in regular notation: runs of three
    /// or more consecutive frames as <c>A-B</c>, a run of two as <c>A,B</c>, a single frame as <c>A</c>.
    /// </summary>
    /// <example><c>Chunk("1..10,20..25,40", 4)</c> gives <c>1-4</c>, <c>5-8</c>, <c>9,10,20,21</c>, <c>22-25</c>, <c>40</c>.</example>
    /// <exception cref="FormatException">The range is empty or cannot be parsed; the message is Flamenco's.</exception>
    /// <exception cref="ArgumentException">The chunk size is below 1; the message is Flamenco's.</exception>
    public static IReadOnlyList<string> Chunk(string frameRange, int chunkSize) => Chunk(frameRange, chunkSize, int.MaxValue);

    /// <summary>
    /// <see cref="Chunk(string, int)"/> for a compile, which may make at most <paramref name="maxChunks"/> tasks: the
    /// number of chunks is worked out from the spans first, so a runaway range (<c>1-100000000</c> in chunks of 1) is
    /// refused at once instead of after building millions of strings. Stops when <paramref name="cancellationToken"/> fires.
    /// </summary>
    /// <exception cref="JobTypes.JobTypeException">
    /// The range would make more than <paramref name="maxChunks"/> chunks. A limit, not a script error: job types
    /// cannot catch it in JavaScript, and the submission fails with this message.
    /// </exception>
    public static IReadOnlyList<string> Chunk(string frameRange, int chunkSize, int maxChunks, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(frameRange);
        var spans = Parse(frameRange);
        if (chunkSize < 1)
        {
            // No parameter name: the message is shown to job-type authors as it is.
            throw new ArgumentException($"invalid chunk size, must be positive number: {chunkSize}");
        }
        var chunkCount = ChunkCount(spans, chunkSize);
        if (chunkCount > maxChunks)
        {
            throw new JobTypes.JobTypeException(string.Create(CultureInfo.InvariantCulture,
                $"the frame range \"{frameRange.Trim()}\" in chunks of {chunkSize} makes {chunkCount:N0} chunks, more than the limit of {maxChunks:N0} tasks per job (max_tasks_per_job)"));
        }

        var chunks = new List<string>((int)chunkCount);
        var text = new StringBuilder();
        var inChunk = 0L;
        foreach (var span in spans)
        {
            var start = span.Start;
            while (start <= span.End)
            {
                var take = Math.Min(span.End - start, chunkSize - inChunk - 1) + 1;
                var end = start + take - 1;
                AppendRun(text, start, end);
                inChunk += take;
                if (inChunk == chunkSize)
                {
                    // Every few thousand chunks: cheap, and a million of them still stop within milliseconds.
                    if (chunks.Count % 4096 == 0) cancellationToken.ThrowIfCancellationRequested();
                    chunks.Add(text.ToString());
                    text.Clear();
                    inChunk = 0;
                }
                if (end == span.End) break;
                start = end + 1;
            }
        }
        if (inChunk > 0) chunks.Add(text.ToString());
        return chunks;
    }

    /// <summary>The number of distinct frames in <paramref name="frameRange"/>.</summary>
    /// <exception cref="FormatException">
    /// The range is empty or cannot be parsed (the message is Flamenco's), or holds more than <see cref="int.MaxValue"/> frames.
    /// </exception>
    public static int Count(string frameRange)
    {
        ArgumentNullException.ThrowIfNull(frameRange);
        var count = 0L;
        foreach (var span in Parse(frameRange))
        {
            var length = span.End - span.Start; // one less than the frame count, so a span up to long.MaxValue cannot overflow
            if (length >= int.MaxValue - count) throw new FormatException($"invalid range \"{frameRange.Trim()}\": more than {int.MaxValue} frames");
            count += length + 1;
        }
        return (int)count;
    }

    /// <summary>How many chunks of <paramref name="chunkSize"/> frames the spans make, without making them.</summary>
    private static Int128 ChunkCount(List<FrameSpan> spans, int chunkSize)
    {
        // 128 bits: frames 0 to long.MaxValue are one more than a long holds.
        Int128 frames = 0;
        foreach (var span in spans) frames += (Int128)span.End - span.Start + 1;
        return (frames + chunkSize - 1) / chunkSize;
    }

    private static void AppendRun(StringBuilder text, long start, long end)
    {
        if (text.Length > 0) text.Append(',');
        text.Append(start.ToString(CultureInfo.InvariantCulture));
        if (end == start) return;
        // Two frames read better as a list than as a span; three or more become a span.
        text.Append(end - start == 1 ? ',' : '-');
        text.Append(end.ToString(CultureInfo.InvariantCulture));
    }

    /// <summary>
    /// Parses the range into sorted, non-overlapping, non-adjacent inclusive spans. Frames are never negative:
    /// a <c>-</c> always separates, so <c>-5</c> is an empty start and fails to parse.
    /// </summary>
    private static List<FrameSpan> Parse(string frameRange)
    {
        var trimmed = frameRange.Trim();
        if (trimmed.Length == 0) throw EmptyRange(trimmed);
        var range = trimmed.Replace("..", "-", StringComparison.Ordinal);

        var spans = new List<FrameSpan>();
        foreach (var part in range.Split(','))
        {
            var pieces = part.Split('-');
            switch (pieces.Length)
            {
                case 1:
                    var frame = ParseFrame(range, part, pieces[0]);
                    spans.Add(new FrameSpan(frame, frame));
                    break;
                case 2:
                    var start = ParseFrame(range, part, pieces[0]);
                    var end = ParseFrame(range, part, pieces[1]);
                    // Flamenco silently ignores a backwards span.
                    if (start <= end) spans.Add(new FrameSpan(start, end));
                    break;
                default:
                    throw new FormatException($"invalid range \"{range}\": {part}");
            }
        }
        if (spans.Count == 0) throw EmptyRange(range);

        spans.Sort((a, b) => a.Start.CompareTo(b.Start));
        var merged = new List<FrameSpan> { spans[0] };
        foreach (var span in spans.Skip(1))
        {
            var last = merged[^1];
            if (span.Start - 1 <= last.End) merged[^1] = last with { End = Math.Max(last.End, span.End) };
            else merged.Add(span);
        }
        return merged;
    }

    private static long ParseFrame(string range, string part, string piece)
    {
        var text = piece.Trim();
        // Go's strconv.ParseInt: ASCII digits with an optional sign, nothing else.
        if (long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var frame)) return frame;

        var digits = text.Length > 0 && text[0] is '+' or '-' ? text[1..] : text;
        var reason = digits.Length > 0 && digits.All(char.IsAsciiDigit) ? "value out of range" : "invalid syntax";
        // Two spaces after the colon, as Flamenco writes it.
        throw new FormatException($"invalid range \"{range}\":  {part} (strconv.ParseInt: parsing \"{text}\": {reason})");
    }

    private static FormatException EmptyRange(string range) => new($"invalid range \"{range}\": empty range");

    private readonly record struct FrameSpan(long Start, long End);
}
