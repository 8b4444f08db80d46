using System.Text.Json.Serialization;
using Flamenco.Api;
using Flamenco.Manager.Api;
using Flamenco.Manager.Jobs;
using FastEndpoints;
using FluentValidation;

namespace Flamenco.Manager.Features.Jobs.SetPriority;

public sealed class SetJobPriorityRequest : JobIdRequest
{
    [JsonPropertyName("priority")] public int? Priority { get; set; }
}

public sealed class SetJobPriorityValidator : Validator<SetJobPriorityRequest>
{
    public SetJobPriorityValidator()
    {
        RuleFor(r => r.Priority).NotNull().WithName("priority").WithMessage("priority: required, a whole number from 0 to 100")
            .InclusiveBetween(0, 100).WithMessage(r => $"priority: must be from 0 to 100, got {r.Priority}");
    }
}

public sealed class SetJobPriorityEndpoint(JobStatusService statuses) : Endpoint<SetJobPriorityRequest>
{
    public override void Configure()
    {
        Post("jobs/{job_id}/setpriority");
        Group<JobsGroup>();
        AllowAnonymous();
        Description(d => d.WithName("setJobPriority").Produces(204).Produces<ApiError>(404));
    }

    public override async Task HandleAsync(SetJobPriorityRequest req, CancellationToken ct)
    {
        var outcome = statuses.SetPriority(req.JobId, req.Priority!.Value);
        await this.SendOutcomeAsync(outcome, $"no such job: {req.JobId}", ct);
    }
}
