using Flamenco.Api;
using Flamenco.Manager.Api;
using Flamenco.Manager.LastRendered;
using FastEndpoints;

namespace Flamenco.Manager.Features.LastRendered.FetchGlobal;

/// <summary>The thumbnails of the job that got an image last: 200, or 204 when there is none.</summary>
public sealed class FetchGlobalLastRenderedInfoEndpoint(LastRenderedProcessor lastRendered) : EndpointWithoutRequest<JobLastRenderedImageInfo>
{
    public override void Configure()
    {
        Get("jobs/last-rendered");
        Group<JobsGroup>();
        AllowAnonymous();
        Description(d => d.WithName("fetchGlobalLastRenderedInfo").Produces(204));
    }

    public override async Task HandleAsync(CancellationToken ct)
    {
        if (lastRendered.Global() is { } info) await Send.OkAsync(info, ct);
        else await Send.NoContentAsync(ct);
    }
}
