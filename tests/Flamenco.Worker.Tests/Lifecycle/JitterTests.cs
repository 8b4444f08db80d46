using Flamenco.Worker.Lifecycle;

namespace Flamenco.Worker.Tests.Lifecycle;

public sealed class JitterTests
{
    [Theory]
    [InlineData(3)]
    [InlineData(20)]
    [InlineData(60)]
    public void Apply_StaysWithinTenPercentAndUsesTheWholeRange(int seconds)
    {
        var jitter = new Jitter(new Random(1234));
        var wait = TimeSpan.FromSeconds(seconds);

        var samples = Enumerable.Range(0, 2000).Select(_ => jitter.Apply(wait)).ToList();

        Assert.All(samples, s => Assert.InRange(s, wait * 0.9, wait * 1.1 - TimeSpan.FromMilliseconds(1)));
        Assert.Contains(samples, s => s < wait * 0.92);
        Assert.Contains(samples, s => s > wait * 1.08);
        Assert.All(samples, s => Assert.Equal(0, s.Ticks % TimeSpan.TicksPerMillisecond));
    }
}
