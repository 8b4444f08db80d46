using System.Text.Json.Serialization;
using Flamenco.Manager.Api;
using Flamenco.Manager.Jobs;
using FastEndpoints;
using FluentValidation;

namespace Flamenco.Manager.Features.Tasks.SetStatus;

public sealed class SetTaskStatusRequest : TaskIdRequest
{
    [JsonPropertyName("status")] public TaskStatus? Status { get; set; }
    [JsonPropertyName("reason")] public string? Reason { get; set; }
}

public sealed class SetTaskStatusValidator : Validator<SetTaskStatusRequest>
{
    public SetTaskStatusValidator()
    {
        RuleFor(r => r.Status).NotNull().WithName("status").WithMessage("status: required, the requested task status");
        RuleFor(r => r.Reason).NotNull().WithName("reason").WithMessage("reason: required, why the status changes")
            .MaxBytes("reason", InputLimits.DescriptionBytes);
    }
}

public sealed class SetTaskStatusEndpoint(JobStatusService statuses) : Endpoint<SetTaskStatusRequest>
{
    public override void Configure()
    {
        Post("tasks/{task_id}/setstatus");
        Group<JobsGroup>();
        AllowAnonymous();
        Description(d => d.WithName("setTaskStatus").Produces(204).Produces<Flamenco.Api.ApiError>(404).Produces<Flamenco.Api.ApiError>(422));
    }

    public override async Task HandleAsync(SetTaskStatusRequest req, CancellationToken ct)
    {
        var outcome = statuses.RequestTaskStatus(req.TaskId, req.Status!.Value, req.Reason!);
        await this.SendOutcomeAsync(outcome, $"no such task: {req.TaskId}", ct);
    }
}
