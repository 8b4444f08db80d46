using Flamenco.Plugins.Commands.Shared;

namespace Flamenco.Plugins.Commands.Files;

/// <summary>
/// <c>copy-file</c>: copies the regular file <c>src</c> to <c>dest</c>, both absolute, creating the missing parents of
/// <c>dest</c> (mode 0750 before umask). Never overwrites: an existing <c>dest</c> fails the command. Only the bytes
/// are copied, not permissions or times.
/// </summary>
public sealed class CopyFileCommand : IWorkerCommand
{
    private const UnixFileMode ParentMode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute
        | UnixFileMode.GroupRead | UnixFileMode.GroupExecute;

    public string Name => "copy-file";

    public async Task ExecuteAsync(CommandInvocation invocation, ICommandContext context, CancellationToken cancellationToken)
    {
        var (src, dest) = await ValidateAsync(new CommandParameters(invocation), context, cancellationToken);

        await LogAsync(context, $"copying {GoFormat.Quote(src)} to {GoFormat.Quote(dest)}", cancellationToken);
        if (Directory.Exists(src))
        {
            throw await FailAsync(context, $"invalid source file {GoFormat.Quote(src)}: stat {src}: not a regular file", null, cancellationToken);
        }
        try
        {
            await using var source = File.OpenRead(src);
            if (Path.GetDirectoryName(dest) is { Length: > 0 } parent) PathChecks.CreateDirectory(parent, ParentMode);
            // CreateNew rather than Flamenco's truncating create: a file (or symlink) planted at dest since the check
            // above fails the copy instead of being written through.
            await using var destination = new FileStream(dest, FileMode.CreateNew, FileAccess.Write);
            await source.CopyToAsync(destination, cancellationToken);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw await FailAsync(context, $"could not copy {GoFormat.Quote(src)} to {GoFormat.Quote(dest)}: {e.Message}", e, cancellationToken);
        }
        await LogAsync(context, $"copied {GoFormat.Quote(src)} to {GoFormat.Quote(dest)}", cancellationToken);
    }

    /// <summary>Flamenco's checks, in its order; each failure is logged before it is returned.</summary>
    private static async Task<(string Src, string Dest)> ValidateAsync(CommandParameters parameters, ICommandContext context, CancellationToken cancellationToken)
    {
        var src = await RequiredAsync(parameters, "src", context, cancellationToken);
        if (!Path.IsPathFullyQualified(src))
        {
            await LogAsync(context, $"source path {GoFormat.Quote(src)} is not absolute, not copying anything", cancellationToken);
            throw parameters.Invalid("src", src, "path is not absolute");
        }
        if (!PathChecks.Exists(src))
        {
            await LogAsync(context, $"source path {GoFormat.Quote(src)} does not exist, not copying anything", cancellationToken);
            throw parameters.Invalid("src", src, "path does not exist");
        }

        var dest = await RequiredAsync(parameters, "dest", context, cancellationToken);
        if (!Path.IsPathFullyQualified(dest))
        {
            // Flamenco prints src here by mistake (worker-and-shaman.md §9 #12); this names the path that is wrong.
            await LogAsync(context, $"destination path {GoFormat.Quote(dest)} is not absolute, not copying anything", cancellationToken);
            throw parameters.Invalid("dest", dest, "path is not absolute");
        }
        if (PathChecks.Exists(dest))
        {
            await LogAsync(context, $"destination path {GoFormat.Quote(dest)} already exists, not copying anything", cancellationToken);
            throw parameters.Invalid("dest", dest, "path already exists");
        }
        return (src, dest);
    }

    private static async Task<string> RequiredAsync(CommandParameters parameters, string name, ICommandContext context, CancellationToken cancellationToken)
    {
        try
        {
            return parameters.RequiredString(name);
        }
        catch (CommandException)
        {
            await LogAsync(context, $"missing or empty '{name}' parameter", cancellationToken);
            throw;
        }
    }

    private static async Task<CommandException> FailAsync(ICommandContext context, string message, Exception? cause, CancellationToken cancellationToken)
    {
        await LogAsync(context, message, cancellationToken);
        return new CommandException("copy-file: " + message, cause);
    }

    private static ValueTask LogAsync(ICommandContext context, string message, CancellationToken cancellationToken) =>
        context.Listener.LogAsync("copy-file: " + message, cancellationToken);
}
