namespace Flamenco.Worker.Lifecycle;

/// <summary>Randomises a wait by ±10%, uniformly in [-wait/10, +wait/10), at millisecond resolution (reference §1.5).</summary>
internal sealed class Jitter(Random random)
{
    public Jitter() : this(Random.Shared)
    {
    }

    public TimeSpan Apply(TimeSpan wait)
    {
        var spread = (long)wait.TotalMilliseconds / 10;
        if (spread <= 0) return wait;
        return wait + TimeSpan.FromMilliseconds(random.NextInt64(-spread, spread));
    }
}
