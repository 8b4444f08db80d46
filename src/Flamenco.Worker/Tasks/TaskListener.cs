using Flamenco.Api;
using Flamenco.Plugins.Commands;
using Flamenco.Worker.Output;
using Flamenco.Worker.Upstream;

namespace Flamenco.Worker.Tasks;

/// <summary>
/// Turns what happens in a task into the Manager's task updates (reference §1.6), through the upstream buffer.
/// Once the task's token is cancelled (aborted, or the worker stops) nothing more is sent: the Manager has given the
/// task to someone else or will requeue it, and a late "failed" would be wrong.
/// </summary>
internal sealed class TaskListener(Guid taskId, UpstreamBuffer upstream, OutputUploader outputs) : ICommandListener
{
    private int _stepsCompleted;

    public Task StartedAsync(CancellationToken cancellationToken)
    {
        Interlocked.Exchange(ref _stepsCompleted, 0);
        return SendAsync(new TaskUpdate { Activity = "Started", TaskStatus = TaskStatus.Active }, cancellationToken);
    }

    public Task FailedAsync(string reason, CancellationToken cancellationToken) =>
        SendAsync(new TaskUpdate { Activity = $"Failed: {reason}", Log = $"Failed: {reason}", TaskStatus = TaskStatus.Failed }, cancellationToken);

    public Task CompletedAsync(CancellationToken cancellationToken) =>
        SendAsync(new TaskUpdate { Activity = "Completed", TaskStatus = TaskStatus.Completed }, cancellationToken);

    public async ValueTask LogAsync(string text, CancellationToken cancellationToken) =>
        await SendAsync(new TaskUpdate { Log = text }, cancellationToken);

    public async ValueTask StepCompletedAsync(CancellationToken cancellationToken) =>
        await SendAsync(new TaskUpdate { Activity = "Progress", StepsCompleted = Interlocked.Increment(ref _stepsCompleted) }, cancellationToken);

    public ValueTask OutputProducedAsync(string filePath, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        outputs.Enqueue(taskId, filePath);
        return ValueTask.CompletedTask;
    }

    private Task SendAsync(TaskUpdate update, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return upstream.SendAsync(taskId, update, cancellationToken);
    }
}
