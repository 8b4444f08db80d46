using Flamenco.Plugins.Commands.Shared;

namespace Flamenco.Plugins.Commands.Misc;

/// <summary>
/// <c>echo</c>: writes <c>message</c> (any JSON value, as Go's <c>%v</c> prints it) to the task log, Go-quoted:
/// <c>echo: "hello"</c>.
/// </summary>
public sealed class EchoCommand : IWorkerCommand
{
    public string Name => "echo";

    public async Task ExecuteAsync(CommandInvocation invocation, ICommandContext context, CancellationToken cancellationToken)
    {
        var message = new CommandParameters(invocation).Required("message");
        await context.Listener.LogAsync($"echo: {GoFormat.Quote(GoFormat.Value(message))}", cancellationToken);
    }
}
