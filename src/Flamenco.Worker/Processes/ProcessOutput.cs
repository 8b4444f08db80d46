using Microsoft.Extensions.Logging;

namespace Flamenco.Worker.Processes;

/// <summary>
/// Hands a process's output lines from its two streams to the command one at a time. After the command's handler
/// failed, lines are read and dropped, so the process never blocks on a full pipe; the failure is the command's
/// result once the process has ended.
/// </summary>
internal sealed class ProcessOutput(int processId, Func<string, ValueTask>? onLine, ILogger logger)
{
    private readonly SemaphoreSlim _oneLineAtATime = new(1, 1);
    private Exception? _failure;

    /// <summary>What the command's handler threw, if it did.</summary>
    public Exception? Failure => Volatile.Read(ref _failure);

    public async Task ReadAsync(Stream stream, CancellationToken stopReading)
    {
        try
        {
            await foreach (var line in OutputLines.ReadAsync(stream, OutputLines.DefaultMaxLineBytes, stopReading))
            {
                if (onLine is not null && Failure is null) await GuardAsync(() => onLine(line));
            }
        }
        catch (OperationCanceledException) when (stopReading.IsCancellationRequested)
        {
        }
        catch (IOException e)
        {
            logger.LogWarning("Cannot read the output of process {Pid}: {Problem}", processId, e.Message);
        }
    }

    /// <summary>Runs a handler of the command, never two at once, and keeps the first failure.</summary>
    public async Task GuardAsync(Func<ValueTask> handler)
    {
        await _oneLineAtATime.WaitAsync(CancellationToken.None);
        try
        {
            await handler();
        }
        catch (Exception e)
        {
            if (Interlocked.CompareExchange(ref _failure, e, null) is null && e is not OperationCanceledException)
            {
                logger.LogWarning("The command stopped taking the output of process {Pid}: {Problem}", processId, e.Message);
            }
        }
        finally
        {
            _oneLineAtATime.Release();
        }
    }
}
