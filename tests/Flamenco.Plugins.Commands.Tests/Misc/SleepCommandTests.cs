using Flamenco.Plugins.Commands.Misc;
using Flamenco.Plugins.Testing;
using Microsoft.Extensions.Time.Testing;

namespace Flamenco.Plugins.Commands.Tests.Misc;

/// <summary><c>sleep</c>: worker-and-shaman.md §2.2, cases T22–T25.</summary>
public sealed class SleepCommandTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    private readonly FakeTimeProvider _time = new();
    private readonly FakeCommandContext _context;

    public SleepCommandTests() => _context = new FakeCommandContext { Time = _time };

    [Fact]
    public async Task Run_47Seconds_ReturnsWhenClockReaches47sAndLogsSlept()
    {
        var sleeping = new SleepCommand().RunAsync("""{"duration_in_seconds": 47}""", _context);

        _time.Advance(TimeSpan.FromSeconds(46));
        Assert.False(sleeping.IsCompleted);
        _time.Advance(TimeSpan.FromSeconds(1));
        await sleeping.WaitAsync(Patience);

        Assert.Equal(["slept 47s"], _context.Listener.Logs);
    }

    [Theory]
    [InlineData("1.9", 1, "slept 1s")]
    [InlineData("-0.5", 0, "slept 0s")]
    [InlineData("0", 0, "slept 0s")]
    [InlineData("90", 90, "slept 1m30s")]
    [InlineData("3600", 3600, "slept 1h0m0s")]
    [InlineData("3725.99", 3725, "slept 1h2m5s")]
    public async Task Run_Duration_TruncatesToWholeSecondsAndLogsGoDuration(string durationJson, int expectedSeconds, string expectedLog)
    {
        var sleeping = new SleepCommand().RunAsync($$"""{"duration_in_seconds": {{durationJson}}}""", _context);

        if (expectedSeconds > 0)
        {
            _time.Advance(TimeSpan.FromSeconds(expectedSeconds) - TimeSpan.FromMilliseconds(1));
            Assert.False(sleeping.IsCompleted);
            _time.Advance(TimeSpan.FromMilliseconds(1));
        }
        await sleeping.WaitAsync(Patience);

        Assert.Equal([expectedLog], _context.Listener.Logs);
    }

    [Fact]
    public async Task Run_Negative_FailsAsInvalidWithValue()
    {
        var error = await Assert.ThrowsAsync<CommandException>(() => new SleepCommand().RunAsync("""{"duration_in_seconds": -47}""", _context));

        Assert.Equal("sleep: parameter \"duration_in_seconds\" has invalid value -47: cannot be negative", error.Message);
        Assert.Empty(_context.Listener.Calls);
    }

    [Theory]
    [InlineData("\"10\"", "10", "string")]
    [InlineData("true", "true", "bool")]
    [InlineData("null", "<nil>", "<nil>")]
    [InlineData("[10]", "[10]", "[]interface {}")]
    public async Task Run_NotANumber_FailsWithBadType(string durationJson, string printedValue, string goType)
    {
        var error = await Assert.ThrowsAsync<CommandException>(
            () => new SleepCommand().RunAsync($$"""{"duration_in_seconds": {{durationJson}}}""", _context));

        Assert.Equal($"sleep: parameter \"duration_in_seconds\" has invalid value {printedValue}: bad type {goType}, expecting int or float", error.Message);
    }

    [Fact]
    public async Task Run_NoDuration_FailsAsMissing()
    {
        var error = await Assert.ThrowsAsync<CommandException>(() => new SleepCommand().RunAsync("""{"other": 1}""", _context));

        Assert.Equal("sleep: mandatory parameter \"duration_in_seconds\" is missing: map[other:1]", error.Message);
    }

    [Fact]
    public async Task Run_Canceled_StopsAtOnceAsCancellationWithFlamencosText()
    {
        using var cancellation = new CancellationTokenSource();
        var sleeping = new SleepCommand().RunAsync("""{"duration_in_seconds": 60}""", _context, cancellation.Token);

        await cancellation.CancelAsync();
        var error = await Assert.ThrowsAnyAsync<OperationCanceledException>(() => sleeping.WaitAsync(Patience));

        Assert.Equal("sleep command aborted due to context shutdown: context canceled", error.Message);
        Assert.Equal(cancellation.Token, error.CancellationToken);
        Assert.Empty(_context.Listener.Calls);
    }

    [Fact]
    public async Task Run_LongerThanOneTimerAllows_WaitsTheWholeDuration()
    {
        var sixtyDays = TimeSpan.FromDays(60);
        var sleeping = new SleepCommand().RunAsync($$"""{"duration_in_seconds": {{sixtyDays.TotalSeconds}}}""", _context);

        _time.Advance(TimeSpan.FromDays(50));
        await Task.Yield();
        Assert.False(sleeping.IsCompleted);
        _time.Advance(TimeSpan.FromDays(10));
        await sleeping.WaitAsync(Patience);

        Assert.Equal(["slept 1440h0m0s"], _context.Listener.Logs);
    }
}
