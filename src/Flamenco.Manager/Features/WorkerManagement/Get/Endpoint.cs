using Flamenco.Api;
using Flamenco.Manager.Api;
using Flamenco.Manager.Persistence;
using Flamenco.Manager.Workers;
using FastEndpoints;

namespace Flamenco.Manager.Features.WorkerManagement.Get;

/// <summary>One worker with its tags and, when it is working on one, its active task.</summary>
public sealed class FetchWorkerEndpoint(IWorkerStore store, IJobStore jobs, WorkerPresence presence) : Endpoint<WorkerIdRequest, WorkerDetails>
{
    public override void Configure()
    {
        Get("workers/{worker_id}");
        Group<WorkerManagementGroup>();
        Description(d => d.WithName("fetchWorker").Produces<ApiError>(400).Produces<ApiError>(404));
    }

    public override async Task HandleAsync(WorkerIdRequest req, CancellationToken ct)
    {
        if (store.Find(req.Id) is not { DeletedAt: null } worker)
        {
            await HttpContext.SendErrorAsync(WorkerService.NotFound(req.Id), ct);
            return;
        }
        var task = jobs.ActiveTasksOfWorker(worker.Id).FirstOrDefault();
        await Send.OkAsync(new WorkerDetails
        {
            Id = worker.Id.ToString(),
            Name = worker.Name,
            Status = worker.Status ?? WorkerStatus.Offline,
            StatusChange = worker.StatusChange(),
            LastSeen = presence.LastSeen(worker),
            Version = worker.Software,
            CanRestart = worker.CanRestart,
            IpAddress = worker.Address,
            Platform = worker.Platform,
            SupportedTaskTypes = worker.SupportedTaskTypes,
            Task = task is null ? null : new WorkerTask
            {
                Id = task.Id.ToString(),
                Name = task.Name,
                Status = task.Status,
                IndexInJob = task.IndexInJob,
                Priority = task.Priority,
                TaskType = task.Type,
                Updated = task.Updated,
                Worker = new TaskWorker { Id = worker.Id.ToString(), Name = worker.Name, Address = worker.Address },
                StepsCompleted = task.StepsCompleted,
                StepsTotal = task.StepsTotal,
                JobId = task.JobId.ToString(),
            },
            Tags = [.. worker.Tags.Select(store.FindTag).OfType<WorkerTag>().Select(t => t.ToWire())],
        }, ct);
    }
}
