using FastEndpoints;

namespace Flamenco.Manager.Features.WorkerManagement;

/// <summary>The spec's <c>worker-mgt</c> operations: the web UI's view of workers and tags. Unauthenticated, as in Flamenco.</summary>
public sealed class WorkerManagementGroup : Group
{
    public WorkerManagementGroup() => Configure("api/v3/worker-mgt", ep =>
    {
        ep.Description(d => d.WithTags("worker-mgt"));
        ep.AllowAnonymous();
    });
}
