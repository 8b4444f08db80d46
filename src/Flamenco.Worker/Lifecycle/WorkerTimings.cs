using Flamenco.Worker.Configuration;

namespace Flamenco.Worker.Lifecycle;

/// <summary>
/// The protocol's waits (reference §1.9). Waits marked randomised get ±10% (<see cref="Jitter"/>), so workers started
/// together do not hit the Manager in step. One object so tests can shorten them; the defaults are Flamenco's.
/// </summary>
internal sealed record WorkerTimings
{
    /// <summary>Between <c>GET /worker/state</c> polls while asleep.</summary>
    public TimeSpan AsleepPoll { get; init; } = TimeSpan.FromSeconds(3);

    /// <summary>Before the first task request of a fetch cycle (randomised).</summary>
    public TimeSpan FirstFetch { get; init; } = TimeSpan.FromSeconds(3);

    /// <summary>After the Manager had no task (randomised).</summary>
    public TimeSpan NoTask { get; init; } = TimeSpan.FromSeconds(20);

    /// <summary>
    /// The first wait after the Manager did not answer, or answered that it cannot now (5xx, 408, 429); each failure
    /// after it doubles the wait up to <see cref="RetryCap"/> (<see cref="Backoff"/>). Flamenco waits a fixed 60 s,
    /// so a worker idled for a minute after every passing fault.
    /// </summary>
    public TimeSpan RetryFirst { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>The longest wait between attempts while the Manager is down (randomised where the fetch uses it).</summary>
    public TimeSpan RetryCap { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// How long one request may take before it counts as unanswered; Flamenco waits forever (reference §8.1.8).
    /// The configuration's <c>request_timeout_seconds</c>.
    /// </summary>
    public TimeSpan ManagerRequest { get; init; } = TimeSpan.FromSeconds(WorkerOptions.DefaultRequestTimeoutSeconds);

    /// <summary>After a task ended, before the next fetch cycle.</summary>
    public TimeSpan AfterTask { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>Between may-i-run checks while a task runs; the first is one period after the start.</summary>
    public TimeSpan MayIRunPeriod { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>How long the last delivery of queued updates may take at shutdown.</summary>
    public TimeSpan FinalFlush { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>How long sign-off may take at shutdown.</summary>
    public TimeSpan SignOff { get; init; } = TimeSpan.FromSeconds(3);
}
