namespace Flamenco.Worker.Lifecycle;

/// <summary>
/// The process's exit code (reference §1.8), decided by how the worker stopped: 0 when the Manager asked it to shut
/// down, the configured restart code when it asked for a restart, 1 on a signal or a fatal error.
/// </summary>
internal sealed class WorkerExit
{
    public const int Stopped = 1;

    public int Code { get; set; }
}

/// <summary>How this run of the worker was asked to behave on the command line.</summary>
/// <param name="FlushOnly"><c>-flush</c>: deliver the queued task updates, sign off and exit.</param>
internal sealed record WorkerRunMode(bool FlushOnly);
