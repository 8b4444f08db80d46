using Flamenco.Plugins.Commands.Shared;

namespace Flamenco.Plugins.Commands.Files;

/// <summary><c>make-directory</c>: creates <c>path</c> and its parents (mode 0775 before umask); an existing directory is fine.</summary>
public sealed class MakeDirectoryCommand : IWorkerCommand
{
    private const UnixFileMode Mode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute
        | UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.GroupExecute
        | UnixFileMode.OtherRead | UnixFileMode.OtherExecute;

    public string Name => "make-directory";

    public async Task ExecuteAsync(CommandInvocation invocation, ICommandContext context, CancellationToken cancellationToken)
    {
        var path = new CommandParameters(invocation).RequiredString("path");

        await context.Listener.LogAsync($"make-directory: creating directory {GoFormat.Quote(path)}", cancellationToken);
        try
        {
            PathChecks.CreateDirectory(path, Mode);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            await context.Listener.LogAsync($"make-directory: could not create directory {GoFormat.Quote(path)}: {e.Message}", cancellationToken);
            throw new CommandException(e.Message, e);
        }
    }
}
