using Flamenco.Api;
using Flamenco.Manager.Api;
using Flamenco.Manager.Persistence;
using FastEndpoints;

namespace Flamenco.Manager.Features.Jobs.Get;

public sealed class FetchJobEndpoint(IJobStore store) : Endpoint<JobIdRequest, Job>
{
    public override void Configure()
    {
        Get("jobs/{job_id}");
        Group<JobsGroup>();
        AllowAnonymous();
        Description(d => d.WithName("fetchJob").Produces<ApiError>(404));
    }

    public override async Task HandleAsync(JobIdRequest req, CancellationToken ct)
    {
        if (store.FindJob(req.JobId) is { } job) await Send.OkAsync(job.ToWire(), ct);
        else await HttpContext.SendErrorAsync(404, $"no such job: {req.JobId}", ct);
    }
}
