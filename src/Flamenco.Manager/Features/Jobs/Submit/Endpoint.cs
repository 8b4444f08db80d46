using Flamenco.Api;
using Flamenco.Manager.Api;
using Flamenco.Manager.JobCompilation;
using FastEndpoints;

namespace Flamenco.Manager.Features.Jobs.Submit;

public sealed class SubmitJobEndpoint(JobSubmissionService submissions) : Endpoint<SubmittedJob, Job>
{
    public override void Configure()
    {
        Post("jobs");
        Group<JobsGroup>();
        AllowAnonymous();
        Description(d => d.WithName("submitJob").Produces<ApiError>(412));
    }

    public override async Task HandleAsync(SubmittedJob req, CancellationToken ct)
    {
        var outcome = submissions.Submit(req, save: true, ct);
        if (outcome.Error is { } error) await HttpContext.SendErrorAsync(error, ct);
        else await Send.OkAsync(outcome.Job!.ToWire(), ct);
    }
}

/// <summary>A dry run of <see cref="SubmitJobEndpoint"/>: compiles, stores nothing, answers 204.</summary>
public sealed class SubmitJobCheckEndpoint(JobSubmissionService submissions) : Endpoint<SubmittedJob>
{
    public override void Configure()
    {
        Post("jobs/check");
        Group<JobsGroup>();
        AllowAnonymous();
        Description(d => d.WithName("submitJobCheck").Produces(204).Produces<ApiError>(412));
    }

    public override async Task HandleAsync(SubmittedJob req, CancellationToken ct)
    {
        var outcome = submissions.Submit(req, save: false, ct);
        if (outcome.Error is { } error) await HttpContext.SendErrorAsync(error, ct);
        else await Send.NoContentAsync(ct);
    }
}
