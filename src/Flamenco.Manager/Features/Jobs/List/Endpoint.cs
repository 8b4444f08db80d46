using Flamenco.Api;
using Flamenco.Manager.Api;
using Flamenco.Manager.Features.Jobs.Query;
using Flamenco.Manager.Persistence;
using FastEndpoints;

namespace Flamenco.Manager.Features.Jobs.List;

/// <summary>All jobs, oldest first, as Flamenco answers; our addition: the jobs query's filters as query parameters.</summary>
public sealed class FetchJobsEndpoint(IJobStore store) : EndpointWithoutRequest<JobsQueryResult>
{
    public override void Configure()
    {
        Get("jobs");
        Group<JobsGroup>();
        AllowAnonymous();
        Description(d => d.WithName("fetchJobs").Produces<ApiError>(400));
    }

    public override async Task HandleAsync(CancellationToken ct)
    {
        var (search, error) = JobsQueryParsing.Parse(HttpContext.Request.Query);
        if (error is not null) await HttpContext.SendErrorAsync(400, error, ct);
        else await Send.OkAsync(new JobsQueryResult { Jobs = [.. store.Search(search!).Select(j => j.ToWire())] }, ct);
    }
}
