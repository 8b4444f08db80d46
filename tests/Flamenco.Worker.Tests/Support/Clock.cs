using Microsoft.Extensions.Time.Testing;

namespace Flamenco.Worker.Tests.Support;

/// <summary>Moves a fake clock forward while the code under test runs on the thread pool.</summary>
internal static class Clock
{
    /// <summary>
    /// Advances <paramref name="time"/> in <paramref name="step"/>s, letting the worker's continuations run in between,
    /// until <paramref name="done"/> holds; fails after <paramref name="limit"/> of fake time.
    /// </summary>
    public static async Task AdvanceUntilAsync(this FakeTimeProvider time, Func<bool> done, TimeSpan step, TimeSpan limit)
    {
        var end = time.GetUtcNow() + limit;
        while (!done())
        {
            if (time.GetUtcNow() >= end) throw new TimeoutException($"not done after {limit} of fake time");
            await Settle();
            if (done()) return;
            time.Advance(step);
        }
    }

    /// <summary>Gives work woken by the clock a moment of real time to reach its next wait.</summary>
    public static async Task Settle()
    {
        for (var i = 0; i < 3; i++) await Task.Delay(2);
    }

    /// <summary>Waits in real time until <paramref name="done"/> holds.</summary>
    public static async Task EventuallyAsync(Func<bool> done, TimeSpan? limit = null)
    {
        var deadline = Environment.TickCount64 + (long)(limit ?? TimeSpan.FromSeconds(30)).TotalMilliseconds;
        while (!done())
        {
            if (Environment.TickCount64 > deadline) throw new TimeoutException("condition not met in time");
            await Task.Delay(20);
        }
    }
}
