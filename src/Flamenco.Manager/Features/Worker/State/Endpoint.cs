using Flamenco.Api;
using FastEndpoints;

namespace Flamenco.Manager.Features.Worker.State;

/// <summary>The worker asks whether it should change status: 204 when not, else the requested status.</summary>
public sealed class WorkerStateEndpoint : EndpointWithoutRequest<WorkerStateChange>
{
    public override void Configure()
    {
        Get("worker/state");
        Group<WorkerGroup>();
        Description(d => d.WithName("workerState").Produces(204));
    }

    public override Task HandleAsync(CancellationToken ct) =>
        HttpContext.AuthenticatedWorker().StatusRequested is { } requested
            ? Send.OkAsync(new WorkerStateChange { StatusRequested = requested }, ct)
            : Send.NoContentAsync(ct);
}
