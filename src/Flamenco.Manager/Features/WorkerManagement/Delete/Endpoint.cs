using Flamenco.Api;
using Flamenco.Manager.Api;
using Flamenco.Manager.Workers;
using FastEndpoints;

namespace Flamenco.Manager.Features.WorkerManagement.Delete;

/// <summary>Soft-deletes the worker (it can no longer authenticate) and requeues its tasks.</summary>
public sealed class DeleteWorkerEndpoint(WorkerService workers) : Endpoint<WorkerIdRequest>
{
    public override void Configure()
    {
        Delete("workers/{worker_id}");
        Group<WorkerManagementGroup>();
        Description(d => d.WithName("deleteWorker").Produces(204).Produces<ApiError>(400).Produces<ApiError>(404));
    }

    public override async Task HandleAsync(WorkerIdRequest req, CancellationToken ct)
    {
        if (workers.Delete(req.Id) is { } error)
        {
            await HttpContext.SendErrorAsync(error, ct);
            return;
        }
        await Send.NoContentAsync(ct);
    }
}
