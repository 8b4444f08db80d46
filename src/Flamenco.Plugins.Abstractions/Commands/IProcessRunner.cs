namespace Flamenco.Plugins.Commands;

/// <summary>Runs external programs for commands.</summary>
public interface IProcessRunner
{
    /// <summary>
    /// Runs a program to completion and returns its exit code. Every line it prints (stdout and stderr) is passed to
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

    /// <summary>Receives each output line as it is printed.</summary>
    public Func<string, ValueTask>? OnOutputLine { get; init; }
}
