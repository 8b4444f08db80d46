using System.Runtime.CompilerServices;
using System.Text;

namespace Flamenco.Worker.Processes;

/// <summary>
/// Splits a process's output into lines as upstream's reader does (reference §2.9): <c>\n</c> or <c>\r\n</c> ends a
/// line, a bare <c>\r</c> does not, and a line longer than the maximum comes in pieces of at most that many bytes,
/// each cut before an incomplete UTF-8 character so no character is split across two pieces.
/// </summary>
internal static class OutputLines
{
    public const int DefaultMaxLineBytes = 40 * 1024;

    public static async IAsyncEnumerable<string> ReadAsync(Stream stream, int maxLineBytes, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var line = new byte[maxLineBytes];
        var length = 0;
        var chunk = new byte[8192];
        int read;
        while ((read = await stream.ReadAsync(chunk, cancellationToken)) > 0)
        {
            for (var i = 0; i < read; i++)
            {
                if (chunk[i] == (byte)'\n')
                {
                    var end = length > 0 && line[length - 1] == (byte)'\r' ? length - 1 : length;
                    yield return Encoding.UTF8.GetString(line, 0, end);
                    length = 0;
                    continue;
                }
                line[length++] = chunk[i];
                if (length < maxLineBytes) continue;

                var complete = CompleteUtf8Length(line.AsSpan(0, length));
                // A buffer holding nothing but a broken character still has to move on.
                if (complete == 0) complete = length;
                yield return Encoding.UTF8.GetString(line, 0, complete);
                line.AsSpan(complete, length - complete).CopyTo(line);
                length -= complete;
            }
        }
        if (length > 0) yield return Encoding.UTF8.GetString(line, 0, length);
    }

    /// <summary>How many leading bytes of <paramref name="bytes"/> hold whole characters: an incomplete last character is left out.</summary>
    public static int CompleteUtf8Length(ReadOnlySpan<byte> bytes)
    {
        // A character is at most 4 bytes, so its lead byte is among the last 4.
        for (var back = 1; back <= Math.Min(4, bytes.Length); back++)
        {
            var b = bytes[^back];
            if ((b & 0b1100_0000) == 0b1000_0000) continue;
            var needed = b switch
            {
                >= 0b1111_0000 => 4,
                >= 0b1110_0000 => 3,
                >= 0b1100_0000 => 2,
                _ => 1,
            };
            return needed > back ? bytes.Length - back : bytes.Length;
        }
        return bytes.Length;
    }
}
