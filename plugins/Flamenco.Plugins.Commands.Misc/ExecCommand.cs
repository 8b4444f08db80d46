using Flamenco.Plugins.Commands.Shared;

namespace Flamenco.Plugins.Commands.Misc;

/// <summary>
/// <c>exec</c>: runs <c>exe</c> with <c>args</c>, without a shell, in the Worker's working directory; its output goes
/// to the task log and a non-zero exit code fails the task.
/// </summary>
public sealed class ExecCommand : IWorkerCommand
{
    public string Name => "exec";

    public Task ExecuteAsync(CommandInvocation invocation, ICommandContext context, CancellationToken cancellationToken)
    {
        var parameters = new CommandParameters(invocation);
        var exe = parameters.RequiredString("exe");
        var args = parameters.StringList("args");
        return CommandProcess.RunAsync(context, exe, [exe, .. args], handleLine: null, cancellationToken);
    }
}
