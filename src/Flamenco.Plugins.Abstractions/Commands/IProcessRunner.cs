namespace Flamenco.Plugins.Commands;

/// <summary>Runs external programs for commands.</summary>
public interface IProcessRunner
{
    /// <summary>
    /// Runs a program to completion and returns its exit code. Once it started, its process id is passed to
    /// <see cref="ProcessSpec.OnStarted"/>; then every line it prints (stdout and stderr) is passed to
    /// <see cref="ProcessSpec.OnOutputLine"/>. When <paramref name="cancellationToken"/> fires, the whole process
    /// tree is killed and <see cref="OperationCanceledException"/> is thrown.
    /// </summary>
    Task<int> RunAsync(ProcessSpec spec, CancellationToken cancellationToken);
}

/// <summary>A program to run.</summary>
public sealed record ProcessSpec
{
    /// <summary>The executable.</summary>
    public required string FileName { get; init; }

    /// <summary>Arguments, each passed as one argument without shell interpretation.</summary>
    public IReadOnlyList<string> Arguments { get; init; } = [];

    /// <summary>Working directory, or null for the Worker's.</summary>
    public string? WorkingDirectory { get; init; }

    /// <summary>
    /// Receives the process id once the process has started, before <see cref="OnOutputLine"/> sees its first line.
    /// Commands use it to prefix the task log lines the way Flamenco does (<c>pid=1234 &gt; …</c>).
    /// </summary>
    public Func<int, ValueTask>? OnStarted { get; init; }

    /// <summary>Receives each output line as it is printed, one at a time: the next call waits until the previous one completed.</summary>
    public Func<string, ValueTask>? OnOutputLine { get; init; }
}
