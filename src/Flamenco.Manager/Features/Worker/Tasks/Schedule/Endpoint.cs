using Flamenco.Api;
using Flamenco.Manager.Api;
using Flamenco.Manager.Scheduling;
using Flamenco.Manager.Variables;
using FastEndpoints;

namespace Flamenco.Manager.Features.Worker.Tasks.Schedule;

/// <summary>
/// A worker asks for work (manager.md §5.1): 423 with the status to go to when a status change is pending, 409 when
/// it is not awake, 204 when there is nothing for it, else its task — answered once the assignment is on disk.
/// </summary>
public sealed class ScheduleTaskEndpoint(TaskDispatcher dispatcher, ManagerVariables variables) : EndpointWithoutRequest<AssignedTask>
{
    public override void Configure()
    {
        Post("worker/task");
        Group<WorkerGroup>();
        Description(d => d.WithName("scheduleTask").Produces(204).Produces<WorkerStateChange>(423).Produces<ApiError>(409));
    }

    public override async Task HandleAsync(CancellationToken ct)
    {
        var worker = HttpContext.AuthenticatedWorker();
        if (worker.StatusRequested is { } requested)
        {
            await HttpContext.Response.SendAsync(new WorkerStateChange { StatusRequested = requested }, 423, cancellation: ct);
            return;
        }
        if (worker.Status != WorkerStatus.Awake)
        {
            var status = worker.Status is { } s ? System.Text.Json.JsonSerializer.Serialize(s).Trim('"') : "";
            await HttpContext.SendErrorAsync(409, $"worker is in state \"{status}\", requires state \"awake\" to execute tasks", ct);
            return;
        }

        var assigned = dispatcher.Schedule(worker);
        if (assigned is not var (job, task))
        {
            await Send.NoContentAsync(ct);
            return;
        }
        await Send.OkAsync(TaskDispatcher.ToAssignedTask(job, task, variables.ForWorker(worker.Platform)), ct);
    }
}
