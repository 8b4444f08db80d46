using Microsoft.Extensions.Logging;

namespace Flamenco.Plugins.Commands;

/// <summary>What a running command may use from the Worker.</summary>
public interface ICommandContext
{
    /// <summary>The task the command belongs to.</summary>
    TaskInfo Task { get; }

    /// <summary>The Worker's own log (not the task log; use <see cref="Listener"/> for that).</summary>
    ILogger Logger { get; }

    /// <summary>Sends task log lines, progress and produced output to the Manager.</summary>
    ICommandListener Listener { get; }

    /// <summary>Starts processes; tests substitute it to assert command lines without running anything.</summary>
    IProcessRunner Processes { get; }

    /// <summary>The Worker's clock.</summary>
    TimeProvider Time { get; }
}

/// <summary>The task a command runs for.</summary>
/// <param name="TaskId">The task's id.</param>
/// <param name="JobId">The task's job id.</param>
/// <param name="Platform">The Worker's platform (<c>linux</c>, <c>windows</c>, <c>darwin</c>).</param>
public sealed record TaskInfo(Guid TaskId, Guid JobId, string Platform);

/// <summary>Reports a command's progress to the Manager. Every call is queued durably by the Worker.</summary>
public interface ICommandListener
{
    /// <summary>Appends lines to the task log.</summary>
    ValueTask LogAsync(string text, CancellationToken cancellationToken);

    /// <summary>Reports that one more progress step of the task completed.</summary>
    ValueTask StepCompletedAsync(CancellationToken cancellationToken);

    /// <summary>Reports an image the command produced (a rendered frame), for the Manager's last-rendered preview.</summary>
    ValueTask OutputProducedAsync(string filePath, CancellationToken cancellationToken);
}
