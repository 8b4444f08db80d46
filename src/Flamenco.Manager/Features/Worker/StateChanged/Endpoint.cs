using System.Text.Json.Serialization;
using Flamenco.Api;
using Flamenco.Manager.Workers;
using FastEndpoints;
using FluentValidation;

namespace Flamenco.Manager.Features.Worker.StateChanged;

/// <summary>The spec's <c>WorkerStateChanged</c>, with the status as text so an unknown one gets a clear answer.</summary>
public sealed class WorkerStateChangedRequest
{
    [JsonPropertyName("status")] public string? Status { get; set; }
}

public sealed class WorkerStateChangedValidator : Validator<WorkerStateChangedRequest>
{
    public WorkerStateChangedValidator() => RuleFor(r => r.Status).WorkerStatusName("status");
}

/// <summary>The worker reports the status it is in now (manager.md §4.9).</summary>
public sealed class WorkerStateChangedEndpoint(WorkerService workers) : Endpoint<WorkerStateChangedRequest>
{
    public override void Configure()
    {
        Post("worker/state-changed");
        Group<WorkerGroup>();
        Description(d => d.WithName("workerStateChanged").Produces(204).Produces<ApiError>(400));
    }

    public override async Task HandleAsync(WorkerStateChangedRequest req, CancellationToken ct)
    {
        StatusNames.TryParse(req.Status, out var status);
        workers.StateChanged(HttpContext.AuthenticatedWorker().Id, status);
        await Send.NoContentAsync(ct);
    }
}
