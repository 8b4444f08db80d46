using System.Globalization;
using System.Text;

namespace Flamenco.Plugins.Commands.FFmpeg;

/// <summary>
/// The input FFmpeg reads on Windows: an index for its concat demuxer, next to the frames, listing each frame matching
/// the glob (sorted) for 1/fps seconds. Written as Flamenco writes it, <c>'</c> in names escaped as <c>\'</c>.
/// </summary>
internal static class ConcatIndex
{
    public const string FileName = "ffmpeg-file-index.txt";

    /// <summary>Writes the index for <paramref name="inputGlob"/> and returns its path.</summary>
    /// <exception cref="CommandException">No file matches, the glob is malformed, or the index cannot be written.</exception>
    public static async Task<string> WriteAsync(string inputGlob, double fps, CancellationToken cancellationToken)
    {
        IReadOnlyList<string> frames;
        try
        {
            frames = GoGlob.Expand(inputGlob);
        }
        catch (FormatException e)
        {
            throw new CommandException($"creating input for FFmpeg: {e.Message}", e);
        }
        if (frames.Count == 0) throw new CommandException($"creating input for FFmpeg: no files found at {inputGlob}");

        var duration = (1 / fps).ToString("F6", CultureInfo.InvariantCulture);
        var index = new StringBuilder();
        foreach (var frame in frames)
        {
            index.Append("file '").Append(frame.Replace("'", @"\'", StringComparison.Ordinal)).Append("'\n");
            index.Append("duration ").Append(duration).Append('\n');
        }

        var path = Path.Combine(Path.GetDirectoryName(inputGlob) ?? "", FileName);
        try
        {
            await File.WriteAllTextAsync(path, index.ToString(), cancellationToken);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new CommandException($"creating input for FFmpeg: {e.Message}", e);
        }
        return path;
    }
}
