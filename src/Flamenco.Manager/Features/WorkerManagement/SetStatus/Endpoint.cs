using System.Text.Json.Serialization;
using Flamenco.Api;
using Flamenco.Manager.Api;
using Flamenco.Manager.Features.Worker;
using Flamenco.Manager.Workers;
using FastEndpoints;
using FluentValidation;

namespace Flamenco.Manager.Features.WorkerManagement.SetStatus;

/// <summary>The spec's <c>WorkerStatusChangeRequest</c>, the status as text so an unknown one gets a clear answer.</summary>
public sealed class RequestWorkerStatusChangeRequest : WorkerIdRequest
{
    [JsonPropertyName("status")] public string? Status { get; set; }
    [JsonPropertyName("is_lazy")] public bool? IsLazy { get; set; }
}

public sealed class RequestWorkerStatusChangeValidator : Validator<RequestWorkerStatusChangeRequest>
{
    public RequestWorkerStatusChangeValidator()
    {
        RuleFor(r => r.WorkerId).Uuid("worker_id");
        RuleFor(r => r.Status).WorkerStatusName("status");
        RuleFor(r => r.IsLazy).NotNull().WithName("is_lazy")
            .WithMessage("is_lazy: required; true lets the worker finish its current task first");
    }
}

/// <summary>Asks a worker to change status (manager.md §4.9); <c>restart</c> needs a worker that can restart (412).</summary>
public sealed class RequestWorkerStatusChangeEndpoint(WorkerService workers) : Endpoint<RequestWorkerStatusChangeRequest>
{
    public override void Configure()
    {
        Post("workers/{worker_id}/setstatus");
        Group<WorkerManagementGroup>();
        Description(d => d.WithName("requestWorkerStatusChange").Produces(204).Produces<ApiError>(400).Produces<ApiError>(404).Produces<ApiError>(412));
    }

    public override async Task HandleAsync(RequestWorkerStatusChangeRequest req, CancellationToken ct)
    {
        StatusNames.TryParse(req.Status, out var status);
        if (workers.RequestStatusChange(req.Id, status, req.IsLazy!.Value) is { } error) await HttpContext.SendErrorAsync(error, ct);
        else await Send.NoContentAsync(ct);
    }
}
