using Flamenco.Api;
using Flamenco.Manager.Features.Tasks;
using Flamenco.Manager.Scheduling;
using FastEndpoints;

namespace Flamenco.Manager.Features.Worker.Tasks.MayIRun;

/// <summary>Whether the worker may keep running its task; a "yes" keeps the task from timing out.</summary>
public sealed class MayWorkerRunEndpoint(TaskDispatcher dispatcher) : Endpoint<TaskIdRequest, MayKeepRunning>
{
    public override void Configure()
    {
        Get("worker/task/{task_id}/may-i-run");
        Group<WorkerGroup>();
        Description(d => d.WithName("mayWorkerRun"));
    }

    public override async Task HandleAsync(TaskIdRequest req, CancellationToken ct)
    {
        var answer = dispatcher.MayKeepRunning(HttpContext.AuthenticatedWorker(), req.TaskId);
        await Send.OkAsync(answer, ct);
    }
}
