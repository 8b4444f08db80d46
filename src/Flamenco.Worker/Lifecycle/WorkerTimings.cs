namespace Flamenco.Worker.Lifecycle;

/// <summary>
/// The protocol's waits (reference §1.9). Waits marked randomised get ±10% (<see cref="Jitter"/>), so workers started
/// together do not hit the Manager in step. One object so tests can shorten them; the defaults are Flamenco's.
/// </summary>
internal sealed record WorkerTimings
{
    /// <summary>Between sign-on or registration attempts while the Manager does not answer.</summary>
    public TimeSpan SignOnRetry { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Between <c>GET /worker/state</c> polls while asleep.</summary>
    public TimeSpan AsleepPoll { get; init; } = TimeSpan.FromSeconds(3);

    /// <summary>Before the first task request of a fetch cycle (randomised).</summary>
    public TimeSpan FirstFetch { get; init; } = TimeSpan.FromSeconds(3);

    /// <summary>After the Manager had no task (randomised).</summary>
    public TimeSpan NoTask { get; init; } = TimeSpan.FromSeconds(20);

    /// <summary>After a failed task request (randomised).</summary>
    public TimeSpan FetchFailed { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>After a task ended, before the next fetch cycle.</summary>
    public TimeSpan AfterTask { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>Between may-i-run checks while a task runs; the first is one period after the start.</summary>
    public TimeSpan MayIRunPeriod { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Between deliveries of the queued task updates.</summary>
    public TimeSpan UpstreamFlushPeriod { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>How long the last delivery of queued updates may take at shutdown.</summary>
    public TimeSpan FinalFlush { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>How long sign-off may take at shutdown.</summary>
    public TimeSpan SignOff { get; init; } = TimeSpan.FromSeconds(3);
}
