using Flamenco.Api;
using Flamenco.Manager.Api;
using Flamenco.Manager.Persistence;
using FastEndpoints;

namespace Flamenco.Manager.Features.Jobs.GetTasks;

public sealed class FetchJobTasksEndpoint(IJobStore store, IWorkerStore workers) : Endpoint<JobIdRequest, JobTasksSummary>
{
    public override void Configure()
    {
        Get("jobs/{job_id}/tasks");
        Group<JobsGroup>();
        AllowAnonymous();
        Description(d => d.WithName("fetchJobTasks").Produces<ApiError>(404));
    }

    public override async Task HandleAsync(JobIdRequest req, CancellationToken ct)
    {
        if (store.FindJob(req.JobId) is null)
        {
            await HttpContext.SendErrorAsync(404, $"no such job: {req.JobId}", ct);
            return;
        }
        await Send.OkAsync(new JobTasksSummary { Tasks = [.. store.TasksOfJob(req.JobId).Select(t => t.ToSummary(workers.Find))] }, ct);
    }
}
