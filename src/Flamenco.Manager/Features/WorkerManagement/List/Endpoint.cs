using Flamenco.Api;
using Flamenco.Manager.Persistence;
using Flamenco.Manager.Workers;
using FastEndpoints;

namespace Flamenco.Manager.Features.WorkerManagement.List;

public sealed class FetchWorkersEndpoint(IWorkerStore store, WorkerPresence presence) : EndpointWithoutRequest<WorkerList>
{
    public override void Configure()
    {
        Get("workers");
        Group<WorkerManagementGroup>();
        Description(d => d.WithName("fetchWorkers"));
    }

    public override Task HandleAsync(CancellationToken ct) =>
        Send.OkAsync(new WorkerList { Workers = [.. store.ListWorkers().Select(w => w.ToSummary(presence.LastSeen(w)))] }, ct);
}
