using Flamenco.Api;
using Flamenco.Manager.Events;
using Flamenco.Manager.Jobs;
using Flamenco.Manager.Persistence;

namespace Flamenco.Manager.Workers;

/// <summary>
/// Every change to a worker's status, requests, tags and schedule (manager.md §4.9, §5.4, §5.5). Each change re-reads
/// the worker and saves it under one lock, so two changes to one worker never overwrite each other; tasks are
/// requeued and events published after the lock is released.
/// </summary>
public sealed class WorkerService(
    IWorkerStore store,
    IWorkerTaskRequeuer requeuer,
    WorkerPresence presence,
    WorkerAuthenticator authenticator,
    WorkerEvents events,
    TimeProvider time,
    ILogger<WorkerService> logger)
{
    /// <summary>Statuses a worker returns to at its next sign-on when it signs off in them.</summary>
    private static readonly WorkerStatus[] RememberedOnSignOff = [WorkerStatus.Awake, WorkerStatus.Asleep];

    /// <summary>Requests a sign-off fulfils.</summary>
    private static readonly WorkerStatus[] FulfilledBySignOff = [WorkerStatus.Offline, WorkerStatus.Restart];

    private readonly Lock _gate = new();

    /// <summary>A new worker; it is <c>offline</c> until it signs on. Registration sends no event (as upstream).</summary>
    public Worker Register(string name, string secret, string platform, IEnumerable<string> taskTypes, string address)
    {
        var now = time.GetUtcNow();
        var worker = new Worker
        {
            Id = Guid.NewGuid(),
            Name = name,
            SecretHash = WorkerSecrets.Hash(secret),
            Address = address,
            Platform = platform,
            SupportedTaskTypes = CleanTaskTypes(taskTypes),
            Status = WorkerStatus.Offline,
            Created = now,
            Updated = now,
        };
        store.Add(worker);
        logger.LogInformation("Registered worker {Worker} on {Platform} at {Address}", worker.Identifier(), platform, address);
        return worker;
    }

    /// <summary>
    /// The worker starts: status <c>starting</c>, its details updated. Returns the status it should go to: the
    /// pending request, else what its sleep schedule says. Null when the worker was deleted meanwhile.
    /// </summary>
    public WorkerStatus? SignOn(Guid id, string name, IEnumerable<string> taskTypes, string softwareVersion, bool canRestart, string address)
    {
        Worker worker;
        WorkerStatus? previous;
        lock (_gate)
        {
            if (Live(id) is not { } found) return null;
            worker = found;
            previous = worker.Status;
            worker.Status = WorkerStatus.Starting;
            worker.Name = name;
            worker.Address = address;
            worker.Software = softwareVersion;
            worker.CanRestart = canRestart;
            worker.SupportedTaskTypes = CleanTaskTypes(taskTypes);
            Save(worker);
        }
        events.WorkerChanged(worker, previous);
        var initial = worker.StatusRequested ?? ScheduledStatus(worker);
        logger.LogInformation("Worker {Worker} signed on ({Version}); sent to {Status}", worker.Identifier(), softwareVersion, StatusNames.Of(initial));
        return initial;
    }

    /// <summary>
    /// The worker goes offline. A request for offline/restart is fulfilled; otherwise, when it was awake or asleep,
    /// that status becomes a non-lazy request so the next sign-on returns it there. Its tasks are requeued.
    /// </summary>
    public bool SignOff(Guid id)
    {
        Worker worker;
        WorkerStatus? previous;
        lock (_gate)
        {
            if (Live(id) is not { } found) return false;
            worker = found;
            previous = worker.Status;
            worker.Status = WorkerStatus.Offline;
            if (worker.StatusRequested is { } requested && FulfilledBySignOff.Contains(requested)) ClearRequest(worker);
            if (worker.StatusRequested is null && previous is { } p && RememberedOnSignOff.Contains(p)) Request(worker, p, lazy: false);
            Save(worker);
        }
        requeuer.RequeueActiveTasks(worker, "worker signed off");
        events.WorkerChanged(worker, previous);
        logger.LogInformation("Worker {Worker} signed off", worker.Identifier());
        return true;
    }

    /// <summary>
    /// The worker reports its new status. A pending request it does not match is kept (it may be on its way);
    /// otherwise the request is done. Leaving <c>awake</c> returns its tasks to the queue.
    /// </summary>
    public bool StateChanged(Guid id, WorkerStatus status)
    {
        Worker worker;
        WorkerStatus? previous;
        lock (_gate)
        {
            if (Live(id) is not { } found) return false;
            worker = found;
            previous = worker.Status;
            worker.Status = status;
            if (worker.StatusRequested is { } requested && requested != status)
            {
                logger.LogWarning("Worker {Worker} changed to {Status}, but {Requested} was requested; the request stays",
                    worker.Identifier(), StatusNames.Of(status), StatusNames.Of(requested));
            }
            else
            {
                ClearRequest(worker);
            }
            Save(worker);
        }
        if (previous == WorkerStatus.Awake && status != WorkerStatus.Awake)
        {
            requeuer.RequeueActiveTasks(worker, $"worker {worker.Identifier()} changed status to '{StatusNames.Of(status)}'");
        }
        events.WorkerChanged(worker, previous);
        return true;
    }

    /// <summary>Asks the worker to go to a status; asking for the status it is in withdraws any pending request.</summary>
    public ApiError? RequestStatusChange(Guid id, WorkerStatus status, bool lazy)
    {
        Worker worker;
        lock (_gate)
        {
            if (Live(id) is not { } found) return NotFound(id);
            worker = found;
            if (status == WorkerStatus.Restart && !worker.CanRestart) return new ApiError(412, $"worker \"{id}\" does not know how to restart");
            if (worker.Status == status) ClearRequest(worker);
            else Request(worker, status, lazy);
            Save(worker);
        }
        logger.LogInformation("Worker {Worker}: status {Status} requested (lazy: {Lazy})", worker.Identifier(), StatusNames.Of(status), lazy);
        events.WorkerChanged(worker);
        return null;
    }

    /// <summary>
    /// Soft-deletes the worker, then requeues its tasks. Deleting first (unlike upstream) means the worker can no
    /// longer authenticate, so it cannot pick up a new task between the requeue and the deletion.
    /// </summary>
    public ApiError? Delete(Guid id)
    {
        Worker worker;
        lock (_gate)
        {
            if (Live(id) is not { } found) return NotFound(id);
            worker = found;
            worker.DeletedAt = time.GetUtcNow();
            Save(worker);
        }
        authenticator.Forget(id);
        requeuer.RequeueActiveTasks(worker, "worker is being deleted");
        presence.Forget(id);
        logger.LogInformation("Worker {Worker} deleted", worker.Identifier());
        events.WorkerChanged(worker);
        return null;
    }

    /// <summary>Replaces the worker's tags. Unknown tag IDs are refused (upstream silently drops them).</summary>
    public ApiError? SetTags(Guid id, IReadOnlyList<Guid> tagIds)
    {
        foreach (var tagId in tagIds)
        {
            if (store.FindTag(tagId) is null) return new ApiError(400, $"tag_ids: there is no worker tag \"{tagId}\"");
        }
        Worker worker;
        lock (_gate)
        {
            if (Live(id) is not { } found) return NotFound(id);
            worker = found;
            worker.Tags = [.. tagIds.Distinct()];
            Save(worker);
        }
        events.WorkerChanged(worker);
        return null;
    }

    /// <summary>Stores the worker's sleep schedule and applies it at once.</summary>
    public ApiError? SetSleepSchedule(Guid id, SleepSchedule schedule)
    {
        lock (_gate)
        {
            if (Live(id) is not { } worker) return NotFound(id);
            schedule.NextCheck = SleepScheduleCalculator.NextCheck(schedule, time.GetUtcNow(), time.LocalTimeZone);
            worker.SleepSchedule = schedule;
            Save(worker);
            logger.LogInformation("Worker {Worker}: sleep schedule {Active} {Days} {Start}-{End}",
                worker.Identifier(), schedule.IsActive ? "active" : "inactive", schedule.DaysOfWeek, schedule.StartTime, schedule.EndTime);
        }
        ApplySleepSchedule(id);
        return null;
    }

    /// <summary>
    /// When the worker's active schedule is due for a check: stores the next check time and applies the schedule.
    /// </summary>
    public void CheckSleepSchedule(Guid id)
    {
        lock (_gate)
        {
            var now = time.GetUtcNow();
            if (Live(id) is not { SleepSchedule: { IsActive: true } schedule } worker || schedule.NextCheck > now) return;
            schedule.NextCheck = SleepScheduleCalculator.NextCheck(schedule, now, time.LocalTimeZone);
            Save(worker);
        }
        ApplySleepSchedule(id);
    }

    /// <summary>
    /// Requests the status the schedule asks for, non-lazily (a render can take hours), overruling any other
    /// request; nothing happens when the worker is already there or on its way. Workers in <c>error</c> are left alone.
    /// </summary>
    public void ApplySleepSchedule(Guid id)
    {
        Worker worker;
        WorkerStatus scheduled;
        lock (_gate)
        {
            if (Live(id) is not { } found || found.Status == WorkerStatus.Error || found.SleepSchedule is null) return;
            worker = found;
            scheduled = ScheduledStatus(worker);
            var onItsWay = worker.StatusRequested == scheduled && !worker.LazyStatusRequest;
            var alreadyThere = worker.Status == scheduled && worker.StatusRequested is null;
            if (onItsWay || alreadyThere) return;
            Request(worker, scheduled, lazy: false);
            Save(worker);
        }
        logger.LogInformation("Sleep scheduler: worker {Worker} asked to go {Status}", worker.Identifier(), StatusNames.Of(scheduled));
        events.WorkerChanged(worker);
    }

    /// <summary>
    /// The worker has not been seen since <paramref name="threshold"/>: it goes to <c>error</c>, its request is dropped
    /// and its tasks are requeued. Checked again under the lock, so a worker that just called in is spared.
    /// </summary>
    public void TimeOut(Guid id, DateTimeOffset threshold)
    {
        Worker worker;
        WorkerStatus? previous;
        lock (_gate)
        {
            if (Live(id) is not { } found || found.Status is WorkerStatus.Error or WorkerStatus.Offline) return;
            if (presence.LastSeen(found) is not { } seen || seen > threshold) return;
            worker = found;
            previous = worker.Status;
            worker.Status = WorkerStatus.Error;
            ClearRequest(worker);
            Save(worker);
        }
        logger.LogWarning("Worker {Worker} timed out: last seen {LastSeen}", worker.Identifier(), presence.LastSeen(worker));
        requeuer.RequeueActiveTasks(worker, "worker timed out");
        events.WorkerChanged(worker, previous);
    }

    /// <summary>The status the worker's sleep schedule asks for now.</summary>
    public WorkerStatus ScheduledStatus(Worker worker) =>
        SleepScheduleCalculator.ScheduledStatus(worker.SleepSchedule, time.GetUtcNow(), time.LocalTimeZone);

    /// <summary>Task types as the scheduler compares them: trimmed, lower-case, no empties or repeats.</summary>
    public static List<string> CleanTaskTypes(IEnumerable<string> taskTypes) =>
        [.. taskTypes.Select(t => t.Trim().ToLowerInvariant()).Where(t => t.Length > 0).Distinct()];

    public static ApiError NotFound(Guid id) => new(404, $"worker \"{id}\" not found");

    private Worker? Live(Guid id) => store.Find(id) is { DeletedAt: null } worker ? worker : null;

    private void Save(Worker worker)
    {
        worker.Updated = time.GetUtcNow();
        worker.LastSeen = presence.LastSeen(worker);
        store.Save(worker);
    }

    private static void Request(Worker worker, WorkerStatus status, bool lazy)
    {
        worker.StatusRequested = status;
        worker.LazyStatusRequest = lazy;
    }

    private static void ClearRequest(Worker worker)
    {
        worker.StatusRequested = null;
        worker.LazyStatusRequest = false;
    }
}
