namespace Flamenco.Testing;

/// <summary>Waiting for something another process or thread does, in a bounded loop.</summary>
public static class Eventually
{
    /// <summary>
    /// Polls <paramref name="condition"/> every 50 ms until it holds; fails naming <paramref name="what"/> after
    /// <paramref name="limit"/> (30 s by default).
    /// </summary>
    public static async Task TrueAsync(Func<Task<bool>> condition, string what, TimeSpan? limit = null)
    {
        using var timeout = new CancellationTokenSource(limit ?? TimeSpan.FromSeconds(30));
        while (!await condition())
        {
            if (timeout.IsCancellationRequested) throw new TimeoutException($"timed out waiting for {what}");
            await Task.Delay(50);
        }
    }
}
