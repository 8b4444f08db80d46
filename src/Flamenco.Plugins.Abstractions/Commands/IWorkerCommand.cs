namespace Flamenco.Plugins.Commands;

/// <summary>
/// A command a Worker can run as part of a task, known by its wire <see cref="Name"/> (Flamenco's command names:
/// <c>blender-render</c>, <c>frames-to-video</c>, <c>echo</c>, ...). Implementations are singletons and may run
/// concurrently for different tasks.
/// </summary>
public interface IWorkerCommand
{
    /// <summary>The command name as job types write it, kebab-case, e.g. <c>copy-file</c>.</summary>
    string Name { get; }

    /// <summary>
    /// Runs the command. Throw <see cref="CommandException"/> for a failure the Manager should see as the task's
    /// failure reason. <paramref name="cancellationToken"/> fires when the task may no longer run (the Manager said
    /// so, or the Worker shuts down); the command must then stop, including every process it started.
    /// </summary>
    Task ExecuteAsync(CommandInvocation invocation, ICommandContext context, CancellationToken cancellationToken);
}
