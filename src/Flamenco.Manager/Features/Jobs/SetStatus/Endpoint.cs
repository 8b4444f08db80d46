using System.Text.Json.Serialization;
using Flamenco.Api;
using Flamenco.Manager.Api;
using Flamenco.Manager.Jobs;
using FastEndpoints;
using FluentValidation;

namespace Flamenco.Manager.Features.Jobs.SetStatus;

public sealed class SetJobStatusRequest : JobIdRequest
{
    [JsonPropertyName("status")] public JobStatus? Status { get; set; }
    [JsonPropertyName("reason")] public string? Reason { get; set; }
}

public sealed class SetJobStatusValidator : Validator<SetJobStatusRequest>
{
    public SetJobStatusValidator()
    {
        RuleFor(r => r.Status).NotNull().WithName("status").WithMessage("status: required, the requested job status");
        RuleFor(r => r.Reason).NotNull().WithName("reason").WithMessage("reason: required, why the status changes")
            .MaxBytes("reason", InputLimits.DescriptionBytes);
    }
}

public sealed class SetJobStatusEndpoint(JobStatusService statuses) : Endpoint<SetJobStatusRequest>
{
    public override void Configure()
    {
        Post("jobs/{job_id}/setstatus");
        Group<JobsGroup>();
        AllowAnonymous();
        Description(d => d.WithName("setJobStatus").Produces(204).Produces<ApiError>(404).Produces<ApiError>(422));
    }

    public override async Task HandleAsync(SetJobStatusRequest req, CancellationToken ct)
    {
        var outcome = statuses.RequestJobStatus(req.JobId, req.Status!.Value, req.Reason!);
        await this.SendOutcomeAsync(outcome, $"no such job: {req.JobId}", ct);
    }
}
