using Flamenco.Plugins.Commands.Shared;
using Microsoft.Extensions.Logging;

namespace Flamenco.Plugins.Commands.FFmpeg;

/// <summary>
/// <c>frames-to-video</c>: runs FFmpeg on the images matching <c>inputGlob</c> at <c>fps</c> frames per second, writing
/// <c>outputFile</c>. FFmpeg on Windows has no glob input, so there the frames are listed in a concat index file
/// (<see cref="ConcatIndex"/>) that is deleted afterwards.
/// </summary>
public sealed class FramesToVideoCommand : IWorkerCommand
{
    private readonly FFmpegLocator _locator;

    public FramesToVideoCommand()
        : this(FFmpegLocator.ForThisWorker())
    {
    }

    internal FramesToVideoCommand(FFmpegLocator locator) => _locator = locator;

    public string Name => "frames-to-video";

    public async Task ExecuteAsync(CommandInvocation invocation, ICommandContext context, CancellationToken cancellationToken)
    {
        // Read in Flamenco's order, so the same input gives the same error.
        var parameters = new CommandParameters(invocation);
        var exe = parameters.RequiredString("exe");
        var fps = parameters.NonZeroNumber("fps");
        var inputGlob = parameters.RequiredString("inputGlob");
        var outputFile = parameters.RequiredString("outputFile");
        var argsBefore = parameters.StringList("argsBefore");
        var args = parameters.StringList("args");
        var exeArgs = parameters.ShellWords("exeArgs");
        if (exe is "ffmpeg" or "ffmpeg.exe")
        {
            try
            {
                exe = await _locator.FindAsync(context, cancellationToken);
            }
            catch (FileNotFoundException e)
            {
                throw parameters.Invalid("exe", exe, e.Message);
            }
        }

        var rate = GoFormat.FixedFloat(fps);
        List<string> start = [exe, .. exeArgs, .. argsBefore];
        List<string> end = [.. args, "-r", rate, outputFile];
        // The Worker's platform decides the input form; the glob and the index file use this machine's path rules.
        if (context.Task.Platform != "windows")
        {
            List<string> input = ["-r", rate, "-pattern_type", "glob", "-i", inputGlob.Replace('\\', '/')];
            await CommandProcess.RunAsync(context, exe, [.. start, .. input, .. end], handleLine: null, cancellationToken);
            return;
        }

        var index = await ConcatIndex.WriteAsync(inputGlob, fps, cancellationToken);
        try
        {
            List<string> input = ["-f", "concat", "-safe", "0", "-i", index];
            await CommandProcess.RunAsync(context, exe, [.. start, .. input, .. end], handleLine: null, cancellationToken);
        }
        finally
        {
            DeleteIndex(index, context.Logger);
        }
    }

    private static void DeleteIndex(string index, ILogger logger)
    {
        try
        {
            File.Delete(index);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // The video's fate is already decided; a leftover index file is not worth failing (or masking) it for.
            logger.LogWarning(e, "frames-to-video: could not delete the FFmpeg index file {IndexFile}", index);
        }
    }
}
