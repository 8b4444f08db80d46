namespace Flamenco.Manager.Persistence;

/// <summary>
/// Group commit for LiteDB. LiteDB 5 returns from a commit once its log pages are queued for its background writer,
/// which writes them and fsyncs the log whenever its queue runs empty: a commit is not on disk when it returns, and
/// under load those fsyncs are what the farm waits for. Here the writer's flushes reach only the operating system;
/// one fsync of ours then makes every commit before it durable, and a request that changed something waits for that
/// fsync before its answer goes out (<see cref="WhenDurableAsync"/>), so nothing a client was told about can be
/// lost. Each round first writes the changes accepted for write-behind (<see cref="PendingWrites"/>) in one
/// transaction, so concurrent requests share the commit as well as the fsync. Changes nobody waits for are written
/// and synced within <see cref="MaxDelay"/>.
/// </summary>
public sealed class GroupSync : IDisposable
{
    /// <summary>How long a change nobody waits for may stay in the operating system's cache.</summary>
    public static readonly TimeSpan MaxDelay = TimeSpan.FromSeconds(1);

    private static readonly TimeSpan WriterTimeout = TimeSpan.FromSeconds(30);

    private readonly FileStream _syncHandle;
    private readonly Func<TimeSpan, bool> _waitForLogWriter;
    private readonly Action _writePending;
    // A monitor, not a Lock: the sync thread sleeps on it (Monitor.Wait) until a request waits or MaxDelay passes.
    private readonly object _gate = new();
    private readonly Thread _thread;
    private long _committed;
    private long _synced;
    private TaskCompletionSource _nextSync = NewRound();
    private bool _waiting;
    private bool _disposed;

    /// <param name="logPath">LiteDB's log file; an own handle to it is used for fsync (an fsync covers the whole file).</param>
    /// <param name="waitForLogWriter">Blocks until LiteDB's writer has written every page queued so far; false on timeout.</param>
    /// <param name="writePending">Commits the write-behind changes accepted so far (each counted with <see cref="Committed"/>).</param>
    public GroupSync(string logPath, Func<TimeSpan, bool> waitForLogWriter, Action writePending)
    {
        _waitForLogWriter = waitForLogWriter;
        _writePending = writePending;
        _syncHandle = new FileStream(logPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.ReadWrite | FileShare.Delete, bufferSize: 0);
        _thread = new Thread(SyncLoop) { IsBackground = true, Name = "LiteDB group sync" };
        _thread.Start();
    }

    /// <summary>How many fsyncs have run; for tests and figures.</summary>
    public long SyncCount { get; private set; }

    /// <summary>Opens LiteDB's log file for this scheme: its flushes reach only the operating system.</summary>
    internal static Stream OpenLog(string path) =>
        new LogFileStream(new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.ReadWrite | FileShare.Delete, bufferSize: 0));

    /// <summary>Called after every commit, and for every change accepted for write-behind.</summary>
    internal void Committed() => Interlocked.Increment(ref _committed);

    /// <summary>
    /// Completes once every commit made so far is on disk: at once when there is none pending, else with the next
    /// fsync, which every request waiting at that moment shares.
    /// </summary>
    public Task WhenDurableAsync()
    {
        lock (_gate)
        {
            if (Interlocked.Read(ref _committed) == Interlocked.Read(ref _synced) || _disposed) return Task.CompletedTask;
            _waiting = true;
            Monitor.PulseAll(_gate);
            return _nextSync.Task;
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            if (_disposed) return;
            _disposed = true;
            Monitor.PulseAll(_gate);
        }
        _thread.Join();
        _syncHandle.Dispose();
    }

    private void SyncLoop()
    {
        while (true)
        {
            TaskCompletionSource round;
            long target;
            bool stopping;
            lock (_gate)
            {
                if (!_waiting && !_disposed) Monitor.Wait(_gate, MaxDelay);
                stopping = _disposed;
                target = Interlocked.Read(ref _committed);
                round = _nextSync;
                _nextSync = NewRound();
                _waiting = false;
            }

            try
            {
                if (target != Interlocked.Read(ref _synced))
                {
                    // Write-behind changes counted in target were accepted before it was read, so this commits them.
                    _writePending();
                    // The commits counted so far have queued their pages; once the writer's queue has been empty
                    // since, they are all in the file, and one fsync makes them durable.
                    if (!_waitForLogWriter(WriterTimeout)) throw new IOException($"LiteDB's log writer did not finish within {WriterTimeout.TotalSeconds:F0} s");
                    _syncHandle.Flush(flushToDisk: true);
                    Interlocked.Exchange(ref _synced, target);
                    SyncCount++;
                }
                round.TrySetResult();
            }
            catch (Exception e)
            {
                // The waiting requests fail (and the unwritten changes stay pending); this thread must live on.
                round.TrySetException(e);
            }
            if (stopping) return;
        }
    }

    private static TaskCompletionSource NewRound() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}

/// <summary>LiteDB's log file: a plain file whose fsync is left to <see cref="GroupSync"/>.</summary>
internal sealed class LogFileStream(FileStream file) : DelegatingFileStream(file)
{
    public override void Flush() => File.Flush(flushToDisk: false);
}

/// <summary>
/// LiteDB's data file, written only when the log is checkpointed into it. Every flush is a real fsync: LiteDB empties
/// the log right after, so the copied pages must be on disk first.
/// </summary>
internal sealed class DataFileStream(FileStream file) : DelegatingFileStream(file)
{
    public override void Flush() => File.Flush(flushToDisk: true);
}

/// <summary>A file stream LiteDB cannot recognise as one, so it calls our <see cref="Stream.Flush()"/>.</summary>
internal abstract class DelegatingFileStream(FileStream file) : Stream
{
    protected FileStream File { get; } = file;

    public override bool CanRead => File.CanRead;

    public override bool CanSeek => File.CanSeek;

    public override bool CanWrite => File.CanWrite;

    public override long Length => File.Length;

    public override long Position
    {
        get => File.Position;
        set => File.Position = value;
    }

    public override int Read(byte[] buffer, int offset, int count) => File.Read(buffer, offset, count);

    public override int Read(Span<byte> buffer) => File.Read(buffer);

    public override long Seek(long offset, SeekOrigin origin) => File.Seek(offset, origin);

    public override void SetLength(long value) => File.SetLength(value);

    public override void Write(byte[] buffer, int offset, int count) => File.Write(buffer, offset, count);

    public override void Write(ReadOnlySpan<byte> buffer) => File.Write(buffer);

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            File.Flush(flushToDisk: true);
            File.Dispose();
        }
        base.Dispose(disposing);
    }
}
