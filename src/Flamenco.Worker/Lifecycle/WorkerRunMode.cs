namespace Flamenco.Worker.Lifecycle;

/// <summary>How this run of the worker was asked to behave on the command line.</summary>
/// <param name="FlushOnly"><c>-flush</c>: deliver the queued task updates, sign off and exit.</param>
internal sealed record WorkerRunMode(bool FlushOnly);
