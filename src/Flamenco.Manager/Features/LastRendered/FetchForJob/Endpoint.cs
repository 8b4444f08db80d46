using Flamenco.Api;
using Flamenco.Manager.Api;
using Flamenco.Manager.Features.Jobs;
using Flamenco.Manager.LastRendered;
using FastEndpoints;

namespace Flamenco.Manager.Features.LastRendered.FetchForJob;

/// <summary>
/// A job's thumbnails: 200, or 204 when it has none. An unknown job has none either (the spec lists no 404 here, and
/// upstream does not look the job up).
/// </summary>
public sealed class FetchJobLastRenderedInfoEndpoint(LastRenderedProcessor lastRendered) : Endpoint<JobIdRequest, JobLastRenderedImageInfo>
{
    public override void Configure()
    {
        Get("jobs/{job_id}/last-rendered");
        Group<JobsGroup>();
        AllowAnonymous();
        Description(d => d.WithName("fetchJobLastRenderedInfo").Produces(204));
    }

    public override async Task HandleAsync(JobIdRequest req, CancellationToken ct)
    {
        if (lastRendered.ForJob(req.JobId) is { } info) await Send.OkAsync(info, ct);
        else await Send.NoContentAsync(ct);
    }
}
