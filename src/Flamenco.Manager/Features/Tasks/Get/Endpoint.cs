using Flamenco.Api;
using Flamenco.Manager.Api;
using Flamenco.Manager.Features.Jobs;
using Flamenco.Manager.Persistence;
using FastEndpoints;

namespace Flamenco.Manager.Features.Tasks.Get;

public sealed class FetchTaskEndpoint(IJobStore store, IWorkerStore workers) : Endpoint<TaskIdRequest, JobTaskDetails>
{
    public override void Configure()
    {
        Get("tasks/{task_id}");
        Group<JobsGroup>();
        AllowAnonymous();
        Description(d => d.WithName("fetchTask").Produces<ApiError>(404));
    }

    public override async Task HandleAsync(TaskIdRequest req, CancellationToken ct)
    {
        if (store.FindTask(req.TaskId) is { } task) await Send.OkAsync(task.ToDetails(workers.Find), ct);
        else await HttpContext.SendErrorAsync(404, $"no such task: {req.TaskId}", ct);
    }
}
