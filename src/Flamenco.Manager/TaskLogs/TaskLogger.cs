using System.Globalization;
using System.Text;
using System.Threading.Channels;

namespace Flamenco.Manager.TaskLogs;

/// <summary>
/// Writes task logs off the scheduler's path: the Manager's own lines ("task changed status …", timeouts,
/// blocklisting), each line prefixed with an RFC 3339 local timestamp as upstream writes them, and the lines workers
/// send, as they are. Callers hold the scheduling lock, and a file append costs more than a whole scheduling
/// decision, so lines are queued and one writer appends them in order; <see cref="FlushAsync"/> waits for them.
/// A log the Manager cannot write is reported in its own log and never stops a status change.
/// </summary>
public sealed class TaskLogger : IDisposable
{
    private readonly ITaskLogStore _store;
    private readonly TimeProvider _time;
    private readonly ILogger<TaskLogger> _logger;
    private readonly Channel<Line> _lines = Channel.CreateUnbounded<Line>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Task _writer;
    private long _queued;
    private long _written;
    private readonly Lock _waitersGate = new();
    private readonly List<(long Sequence, TaskCompletionSource Done)> _waiters = [];

    public TaskLogger(ITaskLogStore store, TimeProvider time, ILogger<TaskLogger> logger)
    {
        _store = store;
        _time = time;
        _logger = logger;
        _writer = Task.Run(WriteLoopAsync);
    }

    /// <summary>Queues <paramref name="text"/> for the task's log, every line timestamped.</summary>
    public void Append(Guid jobId, Guid taskId, string text)
    {
        if (text.Length > 0) Queue(new Line(jobId, taskId, Timestamped(text), 0));
    }

    /// <summary>Queues lines a worker sent, to be written as they are.</summary>
    public void AppendFromWorker(Guid jobId, Guid taskId, string text)
    {
        if (text.Length > 0) Queue(new Line(jobId, taskId, text, 0));
    }

    /// <summary>Completes once every line queued before the call is written.</summary>
    public Task FlushAsync(CancellationToken cancellationToken = default)
    {
        lock (_waitersGate)
        {
            var target = Interlocked.Read(ref _queued);
            if (Interlocked.Read(ref _written) >= target) return Task.CompletedTask;
            var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiters.Add((target, done));
            return done.Task.WaitAsync(cancellationToken);
        }
    }

    public void Dispose()
    {
        _lines.Writer.TryComplete();
        _writer.GetAwaiter().GetResult();
    }

    private void Queue(Line line)
    {
        lock (_waitersGate) _lines.Writer.TryWrite(line with { Sequence = Interlocked.Increment(ref _queued) });
    }

    private async Task WriteLoopAsync()
    {
        var batch = new List<Line>();
        while (await _lines.Reader.WaitToReadAsync())
        {
            batch.Clear();
            while (_lines.Reader.TryRead(out var line)) batch.Add(line);

            // One append per task for everything queued meanwhile, in the order it was queued.
            foreach (var task in batch.GroupBy(l => (l.JobId, l.TaskId)))
            {
                var text = string.Concat(task.Select(l => l.Text.EndsWith('\n') ? l.Text : l.Text + "\n"));
                try
                {
                    _store.Append(task.Key.JobId, task.Key.TaskId, text);
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    _logger.LogError(e, "Could not write to the log of task {Task} of job {Job}: {Text}", task.Key.TaskId, task.Key.JobId, text);
                }
            }

            lock (_waitersGate)
            {
                var written = batch[^1].Sequence;
                Interlocked.Exchange(ref _written, written);
                foreach (var waiter in _waiters.Where(w => w.Sequence <= written).ToList())
                {
                    waiter.Done.TrySetResult();
                    _waiters.Remove(waiter);
                }
            }
        }
    }

    private sealed record Line(Guid JobId, Guid TaskId, string Text, long Sequence);

    /// <summary>Each line of <paramref name="text"/> with the current local time in front.</summary>
    internal string Timestamped(string text)
    {
        var prefix = Rfc3339(_time.GetLocalNow()) + " ";
        var lines = (text.EndsWith('\n') ? text[..^1] : text).Split('\n');
        var result = new StringBuilder(text.Length + lines.Length * prefix.Length + 1);
        foreach (var line in lines) result.Append(prefix).Append(line).Append('\n');
        if (!text.EndsWith('\n')) result.Length--;
        return result.ToString();
    }

    /// <summary>Go's <c>time.RFC3339</c>: whole seconds, <c>Z</c> for UTC, else the offset (<c>2026-04-13T12:00:00+02:00</c>).</summary>
    internal static string Rfc3339(DateTimeOffset moment) =>
        moment.Offset == TimeSpan.Zero
            ? moment.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture)
            : moment.ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture);
}
