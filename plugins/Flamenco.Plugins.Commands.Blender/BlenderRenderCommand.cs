using Flamenco.Plugins.Commands.Shared;

namespace Flamenco.Plugins.Commands.Blender;

/// <summary>
/// <c>blender-render</c>: runs Blender with the command line <c>exe</c>, the shell-split <c>exeArgs</c>,
/// <c>argsBefore</c>, <c>blendfile</c> (left out when empty, so a job can run a Python script instead) and
/// <c>args</c>. Each rendered or skipped frame is a progress step, each saved image an output for the preview.
/// </summary>
public sealed class BlenderRenderCommand : IWorkerCommand
{
    public string Name => "blender-render";

    public Task ExecuteAsync(CommandInvocation invocation, ICommandContext context, CancellationToken cancellationToken)
    {
        var commandLine = CommandLine(new CommandParameters(invocation));
        var output = new BlenderOutput(context, cancellationToken);
        return CommandProcess.RunAsync(context, BlenderExecutable.Find(commandLine[0]), commandLine, output.HandleLineAsync, cancellationToken);
    }

    /// <summary>The argv, with the parameters validated in Flamenco's order (so the same input gives the same error).</summary>
    private static List<string> CommandLine(CommandParameters parameters)
    {
        var exe = parameters.RequiredString("exe");
        var argsBefore = parameters.StringList("argsBefore");
        var blendfile = parameters.ExistingString("blendfile");
        var args = parameters.StringList("args");
        var exeArgs = parameters.ShellWords("exeArgs");

        List<string> commandLine = [exe, .. exeArgs, .. argsBefore];
        if (blendfile.Length > 0) commandLine.Add(blendfile);
        commandLine.AddRange(args);
        return commandLine;
    }
}
