using System.Text.RegularExpressions;
using Microsoft.Extensions.Logging;

namespace Flamenco.Plugins.Commands.Blender;

/// <summary>
/// Reads progress from Blender's output (worker-and-shaman.md §2.4.2): <c>Saved: '&lt;file&gt;'</c> is an output for
/// the preview, <c>Time: 00:01.06</c> (a frame rendered) and <c>Skipping existing frame</c> are each one step. One line
/// may do several of these. A failed report is logged and otherwise ignored: it must not fail the render.
/// </summary>
internal sealed partial class BlenderOutput(ICommandContext context, CancellationToken cancellationToken)
{
    // Blender up to 4.5 starts these lines with the text itself; 5.0 puts a log prefix like "00:00.327  render  | " first.
    private const string LineStart = @"(?:^|render\s+\|\s+)";

    public async ValueTask HandleLineAsync(string line)
    {
        if (Saved().Match(line) is { Success: true } saved)
        {
            await ReportAsync(() => context.Listener.OutputProducedAsync(saved.Groups[1].Value, cancellationToken), "a saved file");
        }
        if (FrameRendered().Match(line) is { Success: true } rendered)
        {
            context.Logger.LogDebug("blender-render: frame rendered in {Duration}", rendered.Groups[1].Value);
            await ReportAsync(() => context.Listener.StepCompletedAsync(cancellationToken), "a rendered frame");
        }
        if (FrameSkipped().IsMatch(line))
        {
            await ReportAsync(() => context.Listener.StepCompletedAsync(cancellationToken), "a skipped frame");
        }
    }

    private async ValueTask ReportAsync(Func<ValueTask> report, string what)
    {
        try
        {
            await report();
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            context.Logger.LogWarning(e, "blender-render: reporting {What} to the Manager failed", what);
        }
    }

    // Greedy: the path is everything between the first and the last quote.
    [GeneratedRegex(LineStart + "Saved: '(.*)'")]
    private static partial Regex Saved();

    [GeneratedRegex(LineStart + "Time: ([0-9:.]+)")]
    private static partial Regex FrameRendered();

    [GeneratedRegex(LineStart + "[Ss]kipping existing frame")]
    private static partial Regex FrameSkipped();
}
