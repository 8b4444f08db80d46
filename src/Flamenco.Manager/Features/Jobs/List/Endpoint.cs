using Flamenco.Api;
using Flamenco.Manager.Api;
using Flamenco.Manager.Persistence;
using FastEndpoints;

namespace Flamenco.Manager.Features.Jobs.List;

public sealed class FetchJobsEndpoint(IJobStore store) : EndpointWithoutRequest<JobsQueryResult>
{
    public override void Configure()
    {
        Get("jobs");
        Group<JobsGroup>();
        AllowAnonymous();
        Description(d => d.WithName("fetchJobs"));
    }

    public override Task HandleAsync(CancellationToken ct) =>
        Send.OkAsync(new JobsQueryResult { Jobs = [.. store.ListJobs().Select(j => j.ToWire())] }, ct);
}
