using System.Text.Json;
using Flamenco.Plugins.Commands.Shared;

namespace Flamenco.Plugins.Commands.Misc;

/// <summary>
/// <c>sleep</c>: waits <c>duration_in_seconds</c> (a number, truncated to whole seconds) on the Worker's clock, then
/// logs <c>slept 47s</c>. Cancelling the task ends the wait at once.
/// </summary>
public sealed class SleepCommand : IWorkerCommand
{
    private const string DurationParameter = "duration_in_seconds";

    /// <summary>The longest single <see cref="Task.Delay(TimeSpan, TimeProvider, CancellationToken)"/>; longer sleeps wait in steps.</summary>
    private static readonly TimeSpan LongestDelay = TimeSpan.FromMilliseconds(uint.MaxValue - 1);

    public string Name => "sleep";

    public async Task ExecuteAsync(CommandInvocation invocation, ICommandContext context, CancellationToken cancellationToken)
    {
        var duration = ReadDuration(new CommandParameters(invocation));
        var start = context.Time.GetTimestamp();
        try
        {
            for (var remaining = duration; remaining > TimeSpan.Zero; remaining = duration - context.Time.GetElapsedTime(start))
            {
                await Task.Delay(remaining < LongestDelay ? remaining : LongestDelay, context.Time, cancellationToken);
            }
        }
        catch (OperationCanceledException e) when (cancellationToken.IsCancellationRequested)
        {
            // Still a cancellation, so the Worker ends the task silently, as Flamenco does; the text is Flamenco's.
            throw new OperationCanceledException("sleep command aborted due to context shutdown: context canceled", e, cancellationToken);
        }
        await context.Listener.LogAsync($"slept {GoFormat.Duration(duration)}", cancellationToken);
    }

    private static TimeSpan ReadDuration(CommandParameters parameters)
    {
        var value = parameters.Required(DurationParameter);
        if (value.ValueKind != JsonValueKind.Number || !value.TryGetDouble(out var seconds))
        {
            throw parameters.Invalid(DurationParameter, value, $"bad type {GoFormat.TypeName(value)}, expecting int or float");
        }
        var whole = Math.Truncate(seconds);
        if (whole < 0) throw parameters.Invalid(DurationParameter, value, "cannot be negative");
        // Beyond TimeSpan's range (some 29,000 years) the wait is simply as long as it can be.
        return whole >= TimeSpan.MaxValue.TotalSeconds ? TimeSpan.MaxValue : TimeSpan.FromSeconds(whole);
    }
}
