using Microsoft.Extensions.Logging;

namespace Flamenco.Worker.Processes;

/// <summary>
/// Makes the processes commands start the first the Linux OOM killer picks (<c>oom_score_adjust</c>, reference §4.1),
/// so a render that eats the memory dies rather than the worker. Upstream lowers the worker's own score around the
/// start and puts it back, which needs privileges to undo; this sets the child's score right after it started, so the
/// worker's own stays as it was. What the child starts afterwards inherits it.
/// </summary>
internal sealed class OomScoreAdjuster(int? score, ILogger<OomScoreAdjuster> logger)
{
    public void Adjust(int processId)
    {
        if (score is not { } value || !OperatingSystem.IsLinux()) return;
        try
        {
            File.WriteAllText($"/proc/{processId}/oom_score_adj", value.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            logger.LogWarning("Cannot set the OOM score of process {Pid} to {Score}: {Problem}", processId, value, e.Message);
        }
    }

    /// <summary>Says so at start when the setting cannot work here.</summary>
    public void WarnIfUnsupported()
    {
        if (score is not null && !OperatingSystem.IsLinux()) logger.LogWarning("oom_score_adjust is set, but only works on Linux; ignoring it");
    }
}
