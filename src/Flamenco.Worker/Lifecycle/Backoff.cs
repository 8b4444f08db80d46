namespace Flamenco.Worker.Lifecycle;

/// <summary>
/// The wait before the next attempt while the Manager does not answer, or answers that it cannot now: it starts
/// short, so a passing fault costs a second, and doubles up to a cap, so an outage of a whole farm's Manager is not
/// hammered by every worker. Any usable answer resets it. Not thread-safe: one per retrying loop.
/// </summary>
internal sealed class Backoff(TimeSpan first, TimeSpan cap)
{
    // Zero before the first failure and after a reset: the next wait is the first one.
    private TimeSpan _next;

    public Backoff(WorkerTimings timings) : this(timings.RetryFirst, timings.RetryCap)
    {
    }

    /// <summary>The wait before the next attempt; each call doubles the one after it, up to the cap.</summary>
    public TimeSpan Next()
    {
        var wait = _next == TimeSpan.Zero ? first : _next;
        _next = TimeSpan.FromTicks(Math.Min(cap.Ticks, wait.Ticks * 2));
        return wait;
    }

    /// <summary>The Manager answered: the next failure waits the shortest time again.</summary>
    public void Reset() => _next = TimeSpan.Zero;
}
