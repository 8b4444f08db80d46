using Flamenco.Api;
using Flamenco.Manager.Api;
using Flamenco.Manager.JobCompilation;
using FastEndpoints;

namespace Flamenco.Manager.Features.JobTypes.List;

public sealed class ListJobTypesEndpoint(JobTypeCatalog catalog) : EndpointWithoutRequest<AvailableJobTypes>
{
    public override void Configure()
    {
        Get("jobs/types");
        Group<JobsGroup>();
        AllowAnonymous();
        Description(d => d.WithName("getJobTypes"));
    }

    public override Task HandleAsync(CancellationToken ct)
    {
        using var jobTypes = catalog.Current();
        return Send.OkAsync(new AvailableJobTypes { JobTypes = [.. jobTypes.JobTypes.Select(t => t.Info.ToWire())] }, ct);
    }
}
