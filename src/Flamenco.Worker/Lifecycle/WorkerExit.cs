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
