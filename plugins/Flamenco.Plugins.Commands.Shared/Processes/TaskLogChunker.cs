using System.Text;

namespace Flamenco.Plugins.Commands.Shared;

/// <summary>
/// Batches a program's output into task-log updates as Flamenco's worker does (worker-and-shaman.md §3.1): a chunk is
/// sent once it holds more than 10 KiB, when a line arrives more than 30 s after the last send, and when the output
/// ends. There is no timer: quiet output waits for the next line or the end. Not thread-safe.
/// </summary>
internal sealed class TaskLogChunker(ICommandListener listener, TimeProvider time)
{
    private const int MaxBytes = 10_240;
    private static readonly TimeSpan MaxAge = TimeSpan.FromSeconds(30);

    private readonly StringBuilder _buffer = new();
    private int _bytes;
    private DateTimeOffset _lastFlush = time.GetUtcNow();

    public async ValueTask AppendAsync(string line, CancellationToken cancellationToken)
    {
        _buffer.Append(line).Append('\n');
        _bytes += Encoding.UTF8.GetByteCount(line) + 1;
        if (_bytes > MaxBytes || time.GetUtcNow() - _lastFlush > MaxAge) await FlushAsync(cancellationToken);
    }

    public async ValueTask FlushAsync(CancellationToken cancellationToken)
    {
        if (_buffer.Length == 0) return;
        // Cleared before sending: a chunk the Manager refused is not sent again with the next one.
        var text = _buffer.ToString();
        _buffer.Clear();
        _bytes = 0;
        _lastFlush = time.GetUtcNow();
        await listener.LogAsync(text, cancellationToken);
    }
}
