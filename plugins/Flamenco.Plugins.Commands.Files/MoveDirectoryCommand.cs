using Flamenco.Plugins.Commands.Shared;

namespace Flamenco.Plugins.Commands.Files;

/// <summary>
/// <c>move-directory</c>: renames <c>src</c> to <c>dest</c>. An existing <c>dest</c> is first renamed out of the way
/// (<see cref="BackupPath"/>). A rename, so both must be on the same file system; nothing is copied.
/// </summary>
public sealed class MoveDirectoryCommand : IWorkerCommand
{
    public string Name => "move-directory";

    public async Task ExecuteAsync(CommandInvocation invocation, ICommandContext context, CancellationToken cancellationToken)
    {
        var parameters = new CommandParameters(invocation);
        var src = parameters.RequiredString("src");
        var dest = parameters.RequiredString("dest");

        if (!PathChecks.Exists(src))
        {
            await LogAsync(context, $"source path {GoFormat.Quote(src)} does not exist, not moving anything", cancellationToken);
            throw parameters.Invalid("src", src, "path does not exist");
        }
        if (PathChecks.Exists(dest))
        {
            string backup;
            try
            {
                backup = BackupPath.For(dest, context.Time.LocalTimeZone);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw new CommandException($"move-directory: could not choose a backup name for {GoFormat.Quote(dest)}: {e.Message}", e);
            }
            await MoveAsync(context, dest, backup, cancellationToken);
        }
        await MoveAsync(context, src, dest, cancellationToken);
    }

    private static async Task MoveAsync(ICommandContext context, string from, string to, CancellationToken cancellationToken)
    {
        await LogAsync(context, $"moving {GoFormat.Quote(from)} to {GoFormat.Quote(to)}", cancellationToken);
        try
        {
            if (Directory.Exists(from)) Directory.Move(from, to);
            else File.Move(from, to);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            await LogAsync(context, $"could not move {GoFormat.Quote(from)} to {GoFormat.Quote(to)}: {e.Message}", cancellationToken);
            throw new CommandException(e.Message, e);
        }
    }

    private static ValueTask LogAsync(ICommandContext context, string message, CancellationToken cancellationToken) =>
        context.Listener.LogAsync("move-directory: " + message, cancellationToken);
}
