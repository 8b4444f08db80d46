using Flamenco.Worker.Lifecycle;
using Flamenco.Worker.Tests.Support;

namespace Flamenco.Worker.Tests.Lifecycle;

public sealed class BackoffTests
{
    [Fact]
    public void Next_StartsAtASecondAndDoublesUpToTheCap()
    {
        var backoff = new Backoff(WorkerParts.Timings);

        var waits = Enumerable.Range(0, 8).Select(_ => backoff.Next().TotalSeconds);

        Assert.Equal([1, 2, 4, 8, 16, 30, 30, 30], waits);
    }

    [Fact]
    public void Reset_AnAnswerMakesTheNextFailureWaitTheShortestTimeAgain()
    {
        var backoff = new Backoff(TimeSpan.FromMilliseconds(250), TimeSpan.FromSeconds(1));
        backoff.Next();
        backoff.Next();

        backoff.Reset();

        Assert.Equal([250, 500, 1000, 1000], Enumerable.Range(0, 4).Select(_ => backoff.Next().TotalMilliseconds));
    }
}
