namespace Flamenco.Worker.Tasks;

/// <summary>How a task ended on this worker.</summary>
internal enum TaskOutcome
{
    /// <summary>Every command ran; the Manager was told so.</summary>
    Completed,

    /// <summary>A command failed; the Manager was told why.</summary>
    Failed,

    /// <summary>Stopped because the Manager said it may not run any more, or because the worker stops; nothing was sent after that.</summary>
    Aborted,

    /// <summary>The Manager answered 409: the task belongs to someone else now; nothing more was sent.</summary>
    Reassigned,

    /// <summary>The Manager could not be told the task started, so it was not run.</summary>
    NotStarted,
}
