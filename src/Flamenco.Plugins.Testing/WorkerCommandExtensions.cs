using Flamenco.Plugins.Commands;

namespace Flamenco.Plugins.Testing;

/// <summary>Shorthands for running a command in a test.</summary>
public static class WorkerCommandExtensions
{
    /// <summary>Runs <paramref name="command"/> with <paramref name="parametersJson"/> (a JSON object) as its parameters.</summary>
    /// <example><c>await new SleepCommand().RunAsync("""{"duration_in_seconds": 1}""", context);</c></example>
    public static Task RunAsync(this IWorkerCommand command, string parametersJson, ICommandContext context, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(command);
        return command.ExecuteAsync(Invocations.FromJson(command.Name, parametersJson), context, cancellationToken);
    }
}
