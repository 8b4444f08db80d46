using System.Net;
using System.Text.Json;
using Flamenco.Api;
using Flamenco.Worker.Lifecycle;
using Flamenco.Worker.ManagerApi;
using Microsoft.Extensions.Logging;

namespace Flamenco.Worker.Upstream;

/// <summary>
/// Sends task updates to the Manager so that none is lost while it cannot be reached (reference §3.3): an update the
/// Manager did not take is queued durably, and while anything is queued, new updates are queued behind it without
/// being sent, so the Manager receives them in order once <see cref="FlushAsync"/> delivers the queue.
/// </summary>
/// <remarks>
/// What an answer means for an update: 2xx delivered it. No answer, or one saying "not now" (5xx, 408, 429), says
/// nothing about the update, so it waits in the queue and is sent again; Flamenco failed the worker on a 500 instead.
/// 404, 409, 401 and 403 say the task is not this worker's (any more), which ends the task. Any other answer refuses
/// this one update: sending it again would get the same answer, so it is dropped with a warning and the updates after
/// it (the next log lines) go on. Delivery is at least once: when an answer is lost after the Manager applied the
/// update, the update is sent again, so its log lines show twice in a row in the task log.
/// </remarks>
internal sealed class UpstreamBuffer(ManagerClient manager, UpstreamQueue queue, WorkerTimings timings, TimeProvider time, ILogger<UpstreamBuffer> logger)
    : IDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly SemaphoreSlim _queued = new(0, 1);

    public int QueuedCount => queue.Count;

    /// <summary>Sends an update now, or queues it when the Manager cannot take it now or updates are already queued.</summary>
    /// <exception cref="TaskReassignedException">The Manager says the task is not this worker's any more.</exception>
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
            switch (Judge(answer))
            {
                case Verdict.NotNow:
                    Enqueue(taskId, json, answer.ToString());
                    return;
                case Verdict.NotOurs:
                    throw new TaskReassignedException(taskId, answer.ToString());
                case Verdict.Refused:
                    logger.LogWarning("The Manager refused an update of task {Task}, dropping it and going on: {Answer}", taskId, answer);
                    return;
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>
    /// Delivers the queued updates, oldest first, until the queue is empty or the Manager cannot take them now. An update
    /// the Manager answered otherwise is done with, whatever the answer: it is a reply about a task that may be long gone
    /// (409 when it was reassigned meanwhile), and sending it again would give the same answer.
    /// </summary>
    public async Task<FlushResult> FlushAsync(CancellationToken cancellationToken)
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
                    return new FlushResult(delivered, Empty: false);
                }
                var verdict = Judge(answer);
                if (verdict == Verdict.NotNow)
                {
                    logger.LogInformation("Delivered {Delivered} queued task updates; {Queued} still queued, the Manager answered {Answer}",
                        delivered, queue.Count, answer);
                    return new FlushResult(delivered, Empty: false);
                }
                if (verdict != Verdict.Delivered)
                {
                    logger.LogWarning("The Manager refused a queued update of task {Task} from {Queued:u}, dropping it: {Answer}",
                        update.TaskId, update.CreatedAt, answer);
                }
                queue.Remove(update.Id);
                delivered++;
            }
            if (delivered > 0) logger.LogInformation("Delivered {Delivered} queued task updates; the queue is empty", delivered);
            return new FlushResult(delivered, Empty: true);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>
    /// Delivers whatever gets queued, until cancelled: the first attempt a moment after an update was queued, then,
    /// while the Manager cannot take them, after longer and longer waits (<see cref="Backoff"/>), so updates queued
    /// during a long render reach a Manager that is back within the cap, not only when the task ends. A flush that
    /// delivered some before failing starts the waits over: the Manager is there, it only had a moment.
    /// </summary>
    public async Task KeepFlushingAsync(CancellationToken cancellationToken)
    {
        var backoff = new Backoff(timings);
        try
        {
            while (true)
            {
                if (queue.IsEmpty)
                {
                    backoff.Reset();
                    await _queued.WaitAsync(cancellationToken);
                    continue;
                }
                await Task.Delay(backoff.Next(), time, cancellationToken);
                if ((await FlushAsync(cancellationToken)).Delivered > 0) backoff.Reset();
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
    }

    public void Dispose()
    {
        _gate.Dispose();
        _queued.Dispose();
    }

    private void Enqueue(Guid taskId, string json, string reason)
    {
        queue.Enqueue(taskId, json, time.GetUtcNow());
        // Under the gate, so no other release races this one past the semaphore's maximum.
        if (_queued.CurrentCount == 0) _queued.Release();
        var queued = queue.Count;
        // The first one tells the story; an outage during a render queues every log chunk after it.
        logger.Log(queued == 1 ? LogLevel.Warning : LogLevel.Debug, "Queued an update of task {Task} for later ({Queued} queued): {Reason}",
            taskId, queued, reason);
    }

    private static Verdict Judge(ManagerAnswer answer) =>
        answer.IsSuccess ? Verdict.Delivered
        : answer.IsNotNow ? Verdict.NotNow
        : answer.Status is HttpStatusCode.Conflict or HttpStatusCode.NotFound or HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden ? Verdict.NotOurs
        : Verdict.Refused;

    private enum Verdict
    {
        Delivered,
        NotNow,
        NotOurs,
        Refused,
    }
}

/// <summary>What one <see cref="UpstreamBuffer.FlushAsync"/> did.</summary>
/// <param name="Delivered">How many queued updates the Manager answered (and so left the queue).</param>
/// <param name="Empty">Whether nothing is queued any more.</param>
internal readonly record struct FlushResult(int Delivered, bool Empty);
