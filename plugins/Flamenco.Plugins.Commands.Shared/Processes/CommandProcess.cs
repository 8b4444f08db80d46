using System.Runtime.ExceptionServices;

namespace Flamenco.Plugins.Commands.Shared;

/// <summary>
/// Runs a command's program with Flamenco's task-log behaviour (worker-and-shaman.md §2.9): the log gets
/// <c>going to run:</c> and the shell-quoted command line, then each output line as <c>pid=N &gt; line</c>, in chunks.
/// A non-zero exit fails the command with <c>command exited abnormally with code N</c>.
/// </summary>
internal static class CommandProcess
{
    /// <param name="context">The command's context: its process runner, listener and clock.</param>
    /// <param name="executable">The program to start. May differ from <paramref name="commandLine"/>[0], which the log shows.</param>
    /// <param name="commandLine">argv: the executable as the job gave it, then the arguments.</param>
    /// <param name="handleLine">Looks at each output line before it is logged (Blender's progress), or null.</param>
    /// <param name="cancellationToken">Kills the program when it fires.</param>
    public static async Task RunAsync(ICommandContext context, string executable, IReadOnlyList<string> commandLine,
        Func<string, ValueTask>? handleLine, CancellationToken cancellationToken)
    {
        var log = new TaskLogChunker(context.Listener, context.Time);
        var output = new OutputLog(log, handleLine, cancellationToken);
        await log.AppendAsync($"going to run:\n\n    {ShellQuote.Join(commandLine)}\n", cancellationToken);

        var spec = new ProcessSpec
        {
            FileName = executable,
            Arguments = [.. commandLine.Skip(1)],
            OnStarted = output.Started,
            OnOutputLine = output.LineAsync,
        };
        int exitCode;
        try
        {
            exitCode = await context.Processes.RunAsync(spec, cancellationToken);
        }
        catch (Exception e) when (e is not (OperationCanceledException or CommandException))
        {
            // The program could not be started: its error is the failure reason, as on Flamenco.
            throw new CommandException(e.Message, e);
        }

        if (output.Failure is null)
        {
            try
            {
                await log.FlushAsync(cancellationToken);
            }
            catch (Exception) when (exitCode != 0)
            {
                // The exit code is the better failure reason (Flamenco's precedence: exit, then flush, then reading).
            }
        }
        if (exitCode != 0) throw new CommandException($"command exited abnormally with code {exitCode}");
        output.Failure?.Throw();
    }

    /// <summary>
    /// The per-line work while the program runs (the runner hands over one line at a time). Once a log send failed (the
    /// Manager refused it, or the task was aborted), later lines are dropped, as Flamenco stops reading, while the
    /// runner still drains the output and waits for the program; the failure is reported after the exit code.
    /// </summary>
    private sealed class OutputLog(TaskLogChunker log, Func<string, ValueTask>? handleLine, CancellationToken cancellationToken)
    {
        // "?" only if a runner never reports the process id, which the contract asks it to do.
        private string _pid = "?";

        public ExceptionDispatchInfo? Failure { get; private set; }

        public ValueTask Started(int processId)
        {
            _pid = processId.ToString(System.Globalization.CultureInfo.InvariantCulture);
            return ValueTask.CompletedTask;
        }

        public async ValueTask LineAsync(string line)
        {
            if (Failure is not null) return;
            try
            {
                if (handleLine is not null) await handleLine(line);
                await log.AppendAsync($"pid={_pid} > {line}", cancellationToken);
            }
            catch (Exception e)
            {
                // Kept rather than thrown: the runner would report it instead of the exit code, which goes first.
                Failure = ExceptionDispatchInfo.Capture(e);
            }
        }
    }
}
