using System.Net;
using Flamenco.Api;
using Flamenco.Worker.ManagerApi;
using Flamenco.Worker.Registration;
using Flamenco.Worker.Tasks;
using Flamenco.Worker.Upstream;
using Microsoft.Extensions.Logging;

namespace Flamenco.Worker.Lifecycle;

/// <summary>
/// The awake worker (reference §1.5): ask for a task, run it, pause, ask again, until the Manager asks for another
/// status. Queued task updates reach the Manager before new work is asked for.
/// </summary>
internal sealed class AwakeLoop(
    ManagerClient manager, UpstreamBuffer upstream, TaskRunner runner, WorkerRegistrar registrar,
    WorkerTimings timings, Jitter jitter, TimeProvider time, ILogger<AwakeLoop> logger)
{
    /// <summary>Runs until the Manager asks for another status, and returns that status.</summary>
    public async Task<WorkerStatus> RunAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            switch (await FetchAsync(cancellationToken))
            {
                case FetchResult.Assigned(var task):
                    await runner.RunAsync(task, cancellationToken);
                    await Task.Delay(timings.AfterTask, time, cancellationToken);
                    break;
                case FetchResult.StatusRequested(var status):
                    return status;
            }
        }
    }

    /// <summary>
    /// One fetch cycle: asks until there is a task or a status change. After "no task" it waits the protocol's pause;
    /// after a failure (no answer, 5xx, an answer that makes no sense) it backs off from a second, doubling up to the
    /// cap, so a worker is back at work within moments of a passing fault and at most the cap after an outage ends.
    /// </summary>
    private async Task<FetchResult> FetchAsync(CancellationToken cancellationToken)
    {
        var backoff = new Backoff(timings);
        var wait = timings.FirstFetch;
        while (true)
        {
            await Task.Delay(jitter.Apply(wait), time, cancellationToken);
            if (upstream.QueuedCount > 0)
            {
                var flushed = await upstream.FlushAsync(cancellationToken);
                if (flushed.Delivered > 0) backoff.Reset();
                if (!flushed.Empty)
                {
                    wait = backoff.Next();
                    logger.LogWarning("Task updates are still queued for the Manager; not asking for new work until they are delivered (next try in {Wait})", wait);
                    continue;
                }
            }

            ManagerAnswer answer;
            try
            {
                answer = await manager.ScheduleTaskAsync(cancellationToken);
            }
            catch (ManagerUnreachableException e)
            {
                wait = backoff.Next();
                logger.LogError("Cannot ask the Manager for a task (next try in {Wait}): {Problem}", wait, e.Message);
                continue;
            }

            try
            {
                if (await InterpretAsync(answer, backoff, cancellationToken) is { } result) return result;
                if (answer.Is(HttpStatusCode.NoContent))
                {
                    backoff.Reset();
                    wait = timings.NoTask;
                }
                else
                {
                    wait = backoff.Next();
                }
            }
            catch (Exception e) when (e is ManagerProtocolException or System.Text.Json.JsonException)
            {
                wait = backoff.Next();
                logger.LogError("The Manager's answer to a task request makes no sense ({Problem}): {Answer}", e.Message, answer);
            }
        }
    }

    /// <summary>What the Manager's answer to a task request means: a task, a status, or (null) ask again later.</summary>
    private async Task<FetchResult?> InterpretAsync(ManagerAnswer answer, Backoff backoff, CancellationToken cancellationToken)
    {
        switch (answer.Status)
        {
            case HttpStatusCode.OK:
                var task = answer.Read<AssignedTask>();
                // Checked here, where a bad answer means "ask again", not later where it would stop the worker.
                if (!Guid.TryParse(task.Uuid, out _) || !Guid.TryParse(task.Job, out _) || task.Commands is null)
                {
                    throw new ManagerProtocolException("the assigned task lacks a valid uuid, job or commands");
                }
                return new FetchResult.Assigned(task);
            case HttpStatusCode.Locked:
                var requested = answer.Read<WorkerStateChange>().StatusRequested;
                logger.LogInformation("The Manager asks for status {Status}", StatusNames.Of(requested));
                return new FetchResult.StatusRequested(requested);
            case HttpStatusCode.NoContent:
                logger.LogDebug("No task for this worker");
                return null;
            case HttpStatusCode.Conflict:
                // The Manager no longer sees this worker as awake (a worker time-out set it to error, say).
                // Upstream keeps asking and never gets a task (reference §9 #14); signing on again fixes that.
                logger.LogWarning("The Manager does not take this worker as awake ({Answer}); signing on again", answer);
                return new FetchResult.StatusRequested(await registrar.RegisterOrSignOnAsync(cancellationToken));
            case HttpStatusCode.Forbidden or HttpStatusCode.Unauthorized:
                // The worker was deleted at the Manager, say. After a pause, sign on again, which registers anew
                // when the credentials are rejected there too.
                logger.LogError("The Manager rejects this worker's credentials ({Answer}); signing on again after a pause", answer);
                await Task.Delay(jitter.Apply(backoff.Next()), time, cancellationToken);
                return new FetchResult.StatusRequested(await registrar.RegisterOrSignOnAsync(cancellationToken));
            default:
                logger.LogWarning("Cannot get a task from the Manager: {Answer}", answer);
                return null;
        }
    }

    private abstract record FetchResult
    {
        public sealed record Assigned(AssignedTask Task) : FetchResult;

        public sealed record StatusRequested(WorkerStatus Status) : FetchResult;
    }
}
