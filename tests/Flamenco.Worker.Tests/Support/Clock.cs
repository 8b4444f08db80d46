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

    /// <summary>
    /// Asserts that each request came the expected number of seconds after <paramref name="start"/>. A wait on the fake
    /// clock never ends early, but the worker may notice its end a few steps late when the machine is busy, so each
    /// time may be up to <paramref name="lateBy"/> seconds later than expected.
    /// </summary>
    public static void AssertSecondsAfter(DateTimeOffset start, IEnumerable<ManagerRequest> requests, double[] expected, double lateBy = 1)
    {
        var actual = requests.Select(r => (r.At - start).TotalSeconds).ToArray();
        Assert.Equal(expected.Length, actual.Length);
        for (var i = 0; i < expected.Length; i++) Assert.InRange(actual[i], expected[i], expected[i] + lateBy);
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
