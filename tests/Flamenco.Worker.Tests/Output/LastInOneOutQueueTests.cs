using Flamenco.Worker.Output;

namespace Flamenco.Worker.Tests.Output;

public sealed class LastInOneOutQueueTests
{
    [Fact]
    public async Task TakeAsync_AfterSeveralWithNoConsumer_GivesOnlyTheNewest()
    {
        var queue = new LastInOneOutQueue<string>();

        foreach (var item in (string[])["hey", "these are multiple items", "the last one should be the", "winner"]) queue.Enqueue(item);
        var taken = await queue.TakeAsync(CancellationToken.None);

        Assert.Equal("winner", taken);
        Assert.True(queue.IsEmpty);
    }

    [Fact]
    public async Task TakeAsync_Empty_WaitsForTheNextItem()
    {
        var queue = new LastInOneOutQueue<string>();

        var taking = queue.TakeAsync(CancellationToken.None);
        Assert.False(taking.IsCompleted);
        queue.Enqueue("late");

        Assert.Equal("late", await taking);
    }

    [Fact]
    public async Task TakeAsync_Cancelled_Throws()
    {
        var queue = new LastInOneOutQueue<string>();
        using var cancel = new CancellationTokenSource();

        var taking = queue.TakeAsync(cancel.Token);
        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => taking);
    }
}
