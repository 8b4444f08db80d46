using Flamenco.Api;
using Flamenco.Manager.Api;
using Flamenco.Manager.JobCompilation;
using FastEndpoints;

namespace Flamenco.Manager.Features.JobTypes.Get;

public sealed class GetJobTypeRequest
{
    [BindFrom("typeName")] public string TypeName { get; set; } = "";
}

public sealed class GetJobTypeEndpoint(JobTypeCatalog catalog) : Endpoint<GetJobTypeRequest, AvailableJobType>
{
    public override void Configure()
    {
        Get("jobs/type/{typeName}");
        Group<JobsGroup>();
        AllowAnonymous();
        Description(d => d.WithName("getJobType").Produces<ApiError>(404));
    }

    public override async Task HandleAsync(GetJobTypeRequest req, CancellationToken ct)
    {
        using var jobTypes = catalog.Current();
        if (jobTypes.Find(req.TypeName, JobTypeCatalog.LookupWait, ct) is { } jobType)
        {
            await Send.OkAsync(jobType.Info.ToWire(), ct);
            return;
        }
        if (jobTypes.IsCompiling(req.TypeName))
        {
            await HttpContext.SendErrorAsync(503, $"job type \"{req.TypeName}\" is still compiling; try again shortly", ct);
            return;
        }
        await HttpContext.SendErrorAsync(404, $"no such job type known: \"{req.TypeName}\"", ct);
    }
}
