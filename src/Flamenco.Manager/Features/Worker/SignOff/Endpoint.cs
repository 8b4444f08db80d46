using Flamenco.Manager.Workers;
using FastEndpoints;

namespace Flamenco.Manager.Features.Worker.SignOff;

/// <summary>The worker goes offline; its tasks go back to the queue (manager.md §4.9).</summary>
public sealed class SignOffEndpoint(WorkerService workers) : EndpointWithoutRequest
{
    public override void Configure()
    {
        Post("worker/sign-off");
        Group<WorkerGroup>();
        Description(d => d.WithName("signOff").Produces(204));
    }

    public override async Task HandleAsync(CancellationToken ct)
    {
        workers.SignOff(HttpContext.AuthenticatedWorker().Id);
        await Send.NoContentAsync(ct);
    }
}
