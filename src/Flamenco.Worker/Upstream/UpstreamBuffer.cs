using System.Net;
using System.Text.Json;
using Flamenco.Api;
using Flamenco.Worker.ManagerApi;
using Microsoft.Extensions.Logging;

namespace Flamenco.Worker.Upstream;

/// <summary>
/// Sends task updates to the Manager so that none is lost while it cannot be reached (reference §3.3): an update the
/// Manager did not answer is queued durably, and while anything is queued, new updates are queued behind it without
/// being sent, so the Manager receives them in order once <see cref="FlushAsync"/> delivers the queue.
/// </summary>
internal sealed class UpstreamBuffer(ManagerClient manager, UpstreamQueue queue, TimeProvider time, ILogger<UpstreamBuffer> logger) : IDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);

    public int QueuedCount => queue.Count;

    /// <summary>Sends an update now, or queues it when the Manager cannot be reached or updates are already queued.</summary>
    /// <exception cref="TaskReassignedException">The Manager answered 409: the task is not this worker's any more.</exception>
    /// <exception cref="TaskUpdateRejectedException">The Manager refused the update for another reason.</exception>
    public async Task SendAsync(Guid taskId, TaskUpdate update, CancellationToken cancellationToken)
    {
        var json = JsonSerializer.Serialize(update, ManagerJson.Options);
        await _gate.WaitAsync(cancellationToken);
        try
        {
            if (!queue.IsEmpty)
            {
                Enqueue(taskId, json, "earlier updates are still waiting for the Manager");
                return;
            }
            ManagerAnswer answer;
            try
            {
                answer = await manager.UpdateTaskAsync(taskId, json, cancellationToken);
            }
            catch (ManagerUnreachableException e)
            {
                Enqueue(taskId, json, e.Message);
                return;
            }
            if (IsSuccess(answer)) return;
            if (answer.Is(HttpStatusCode.Conflict)) throw new TaskReassignedException(taskId, answer.Body);
            if (IsPassing(answer))
            {
                Enqueue(taskId, json, answer.ToString());
                return;
            }
            throw new TaskUpdateRejectedException($"unknown error from Manager, code {answer.Code}: {answer.Body}");
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>
    /// Delivers the queued updates, oldest first, until the queue is empty or the Manager cannot be reached. An update
    /// the Manager answered is done with, whatever the answer: it is a reply about a task that may be long gone
    /// (409 when it was reassigned meanwhile), and sending it again would give the same answer.
    /// </summary>
    /// <returns>True when nothing is queued any more.</returns>
    public async Task<bool> FlushAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            var delivered = 0;
            while (queue.Peek() is { } update)
            {
                ManagerAnswer answer;
                try
                {
                    answer = await manager.UpdateTaskAsync(update.TaskId, update.Payload, cancellationToken);
                }
                catch (ManagerUnreachableException e)
                {
                    logger.LogInformation("Delivered {Delivered} queued task updates; {Queued} still queued, the Manager does not answer: {Problem}",
                        delivered, queue.Count, e.Message);
                    return false;
                }
                if (IsPassing(answer))
                {
                    logger.LogInformation("Delivered {Delivered} queued task updates; {Queued} still queued, the Manager answered {Answer}",
                        delivered, queue.Count, answer);
                    return false;
                }
                if (!IsSuccess(answer))
                {
                    logger.LogWarning("The Manager refused a queued update of task {Task} from {Queued:u}, dropping it: {Answer}",
                        update.TaskId, update.CreatedAt, answer);
                }
                queue.Remove(update.Id);
                delivered++;
            }
            if (delivered > 0) logger.LogInformation("Delivered {Delivered} queued task updates; the queue is empty", delivered);
            return true;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Delivers the queue every <paramref name="period"/> until cancelled.</summary>
    public async Task FlushPeriodicallyAsync(TimeSpan period, CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(period, time);
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken))
            {
                if (!queue.IsEmpty) await FlushAsync(cancellationToken);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
    }

    public void Dispose() => _gate.Dispose();

    private void Enqueue(Guid taskId, string json, string reason)
    {
        queue.Enqueue(taskId, json, time.GetUtcNow());
        var queued = queue.Count;
        // The first one tells the story; an outage during a render queues every log chunk after it.
        logger.Log(queued == 1 ? LogLevel.Warning : LogLevel.Debug, "Queued an update of task {Task} for later ({Queued} queued): {Reason}",
            taskId, queued, reason);
    }

    private static bool IsSuccess(ManagerAnswer answer) => answer.Code is >= 200 and < 300;

    /// <summary>
    /// A proxy or gateway answering for a Manager that is down or restarting: as good as no answer, so the update
    /// waits instead of being dropped (upstream drops it, losing the update).
    /// </summary>
    private static bool IsPassing(ManagerAnswer answer) =>
        answer.Status is HttpStatusCode.BadGateway or HttpStatusCode.ServiceUnavailable or HttpStatusCode.GatewayTimeout;
}
