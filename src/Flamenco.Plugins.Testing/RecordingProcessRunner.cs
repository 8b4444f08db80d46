using Flamenco.Plugins.Commands;

namespace Flamenco.Plugins.Testing;

/// <summary>
/// Plays the programs a command starts, so tests can check command lines without running anything: each run is
/// recorded in <see cref="Runs"/>, then, instead of a real program, it reports <see cref="ProcessId"/>, prints the
/// scripted output lines and returns the scripted exit code. Unscripted runs print nothing and exit with 0.
/// Thread-safe.
/// </summary>
/// <example>
/// <code>
/// context.Processes.Script(new ScriptedProcess { Output = ["Time: 00:01.06"], ExitCode = 0 });
/// context.Processes.Script(spec => spec.Arguments.Contains("-version"), new ScriptedProcess { Output = ["ffmpeg version 7.1"] });
/// </code>
/// </example>
public sealed class RecordingProcessRunner : IProcessRunner
{
    private readonly Lock _lock = new();
    private readonly List<ProcessSpec> _runs = [];
    private readonly List<(Func<ProcessSpec, bool> Matches, ScriptedProcess Process)> _scripts = [];

    /// <summary>The process id passed to <see cref="ProcessSpec.OnStarted"/>.</summary>
    public int ProcessId { get; set; } = 4242;

    /// <summary>Every program the command asked to run, in order (including those whose start was scripted to fail).</summary>
    public IReadOnlyList<ProcessSpec> Runs
    {
        get
        {
            lock (_lock) return [.. _runs];
        }
    }

    /// <summary>Plays <paramref name="process"/> for every run no more specific script matches.</summary>
    public void Script(ScriptedProcess process) => Script(_ => true, process);

    /// <summary>Plays <paramref name="process"/> for the runs <paramref name="matches"/> accepts. The script added last wins.</summary>
    public void Script(Func<ProcessSpec, bool> matches, ScriptedProcess process)
    {
        lock (_lock) _scripts.Add((matches, process));
    }

    /// <inheritdoc />
    public async Task<int> RunAsync(ProcessSpec spec, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        ScriptedProcess process;
        lock (_lock)
        {
            _runs.Add(spec);
            process = _scripts.LastOrDefault(s => s.Matches(spec)).Process ?? ScriptedProcess.Success;
        }

        if (process.StartFailure is { } failure) throw failure;
        if (spec.OnStarted is { } started) await started(ProcessId);
        foreach (var line in process.Output)
        {
            if (spec.OnOutputLine is { } printed) await printed(line);
        }
        if (process.WhileRunning is { } running) await running(spec, cancellationToken);
        cancellationToken.ThrowIfCancellationRequested();
        return process.ExitCode;
    }
}

/// <summary>What a <see cref="RecordingProcessRunner"/> does in place of a program.</summary>
public sealed record ScriptedProcess
{
    /// <summary>A program that prints nothing and exits with 0.</summary>
    public static ScriptedProcess Success { get; } = new();

    /// <summary>The lines the program prints, in order.</summary>
    public IReadOnlyList<string> Output { get; init; } = [];

    /// <summary>The exit code.</summary>
    public int ExitCode { get; init; }

    /// <summary>When set, the program does not start: the runner throws this (e.g. a <c>Win32Exception</c> for a missing executable).</summary>
    public Exception? StartFailure { get; init; }

    /// <summary>
    /// Runs after the output, before the exit: inspect files the command prepared for the program, or wait on the
    /// token to play a program that runs until the task is cancelled (<c>(_, ct) =&gt; Task.Delay(Timeout.Infinite, ct)</c>).
    /// </summary>
    public Func<ProcessSpec, CancellationToken, Task>? WhileRunning { get; init; }
}
