using System.ComponentModel;
using System.Diagnostics;
using System.Runtime.ExceptionServices;
using Flamenco.Plugins.Commands;
using Microsoft.Extensions.Logging;

namespace Flamenco.Worker.Processes;

/// <summary>
/// Runs the programs of the commands (reference §2.9): reports the process id, hands every output line (stdout and
/// stderr, a line at a time) to the command, and returns the exit code; the command decides what goes into the task
/// log. Cancelling kills the whole process tree, not only the direct child as upstream does (§8.1.7): a renderer's
/// helper processes must not outlive an aborted task, nor keep its output open.
/// </summary>
internal sealed class ProcessTreeRunner(OomScoreAdjuster oomScore, TimeProvider time, ILogger<ProcessTreeRunner> logger) : IProcessRunner
{
    /// <summary>
    /// After the program exits, how long processes it left running in the background may keep its output open before
    /// the worker stops reading it: upstream reads until they all close it, which can be never.
    /// </summary>
    public TimeSpan LeftoverOutputWait { get; init; } = TimeSpan.FromSeconds(5);

    public async Task<int> RunAsync(ProcessSpec spec, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        using var process = new Process { StartInfo = StartInfoOf(spec) };
        try
        {
            process.Start();
        }
        catch (Win32Exception e)
        {
            throw new CommandException($"cannot run \"{spec.FileName}\": {new Win32Exception(e.NativeErrorCode).Message}", e);
        }
        oomScore.Adjust(process.Id);
        // No input: a program asking a question gets end-of-file instead of waiting for an answer forever.
        process.StandardInput.Close();
        logger.LogDebug("Started {Program} as process {Pid}", spec.FileName, process.Id);

        var output = new ProcessOutput(process.Id, spec.OnOutputLine, logger);
        using var stopReading = new CancellationTokenSource();
        using (cancellationToken.Register(() => KillTree(process)))
        {
            if (spec.OnStarted is { } started) await output.GuardAsync(() => started(process.Id));
            var reading = Task.WhenAll(
                output.ReadAsync(process.StandardOutput.BaseStream, stopReading.Token),
                output.ReadAsync(process.StandardError.BaseStream, stopReading.Token));
            await process.WaitForExitAsync(CancellationToken.None);
            if (await Task.WhenAny(reading, Task.Delay(LeftoverOutputWait, time)) != reading)
            {
                logger.LogWarning("Process {Pid} exited, but processes it started still hold its output open; not reading it any more", process.Id);
                await stopReading.CancelAsync();
            }
            await reading;
        }
        cancellationToken.ThrowIfCancellationRequested();

        logger.LogDebug("Process {Pid} exited with code {ExitCode}", process.Id, process.ExitCode);
        if (output.Failure is { } failure) ExceptionDispatchInfo.Throw(failure);
        return process.ExitCode;
    }

    private static ProcessStartInfo StartInfoOf(ProcessSpec spec)
    {
        var start = new ProcessStartInfo(spec.FileName)
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = spec.WorkingDirectory ?? "",
        };
        foreach (var argument in spec.Arguments) start.ArgumentList.Add(argument);
        return start;
    }

    private void KillTree(Process process)
    {
        try
        {
            // On Unix this stops each process before listing its children, so none can fork away while the tree dies.
            process.Kill(entireProcessTree: true);
            logger.LogInformation("Killed process {Pid} and every process it started", process.Id);
        }
        catch (Exception e) when (e is InvalidOperationException or Win32Exception)
        {
            logger.LogDebug("Process {Pid} was gone before it could be killed: {Problem}", process.Id, e.Message);
        }
    }
}
