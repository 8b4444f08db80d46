using Flamenco.Api;
using Flamenco.Manager.Api;
using Flamenco.Manager.Persistence;
using FastEndpoints;

namespace Flamenco.Manager.Features.Jobs.Query;

/// <summary>
/// The jobs query. Flamenco's clients send it to <c>POST /api/v3/jobs</c> (the API guide's example), where
/// <see cref="JobsQueryRouting"/> tells it from a submission and sends it here; this route is its own name for it.
/// </summary>
public sealed class QueryJobsEndpoint(IJobStore store) : Endpoint<JobsQuery, JobsQueryResult>
{
    public const string Route = "/api/v3/jobs/query";

    public override void Configure()
    {
        Post("jobs/query");
        Group<ExtensibleGroup>();
        AllowAnonymous();
        Description(d => d.WithName("queryJobs").Produces<ApiError>(400));
        Summary(s => s.Summary = "Jobs matching a JobsQuery: statuses, metadata and settings (LIKE notation), order (- for descending), offset and limit");
    }

    public override async Task HandleAsync(JobsQuery req, CancellationToken ct)
    {
        var (search, error) = JobsQueryParsing.Parse(req);
        if (error is not null) await HttpContext.SendErrorAsync(400, error, ct);
        else await Send.OkAsync(new JobsQueryResult { Jobs = [.. store.Search(search!).Select(j => j.ToWire())] }, ct);
    }
}
