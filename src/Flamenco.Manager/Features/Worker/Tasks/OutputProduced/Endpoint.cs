using Flamenco.Api;
using Flamenco.Manager.Api;
using Flamenco.Manager.LastRendered;
using Flamenco.Manager.Persistence;
using FastEndpoints;

namespace Flamenco.Manager.Features.Worker.Tasks.OutputProduced;

/// <summary>A worker sends an image its task produced, for the last-rendered preview (raw JPEG or PNG body).</summary>
public sealed class TaskOutputProducedEndpoint(IJobStore store, LastRenderedProcessor lastRendered) : EndpointWithoutRequest
{
    public override void Configure()
    {
        Post("worker/task/{task_id}/output-produced");
        Group<WorkerGroup>();
        Description(d => d.WithName("taskOutputProduced").Accepts<byte[]>("image/jpeg", "image/png")
            .Produces(202).Produces<ApiError>(411).Produces<ApiError>(413).Produces<ApiError>(415).Produces<ApiError>(429));
    }

    public override async Task HandleAsync(CancellationToken ct)
    {
        if (!Guid.TryParse(Route<string>("task_id", isRequired: false), out var taskId))
        {
            await HttpContext.SendErrorAsync(400, "task_id: not a valid task id (a UUID)", ct);
            return;
        }
        var task = store.FindTask(taskId);
        if (task is null)
        {
            await HttpContext.SendErrorAsync(404, $"no such task: {taskId}", ct);
            return;
        }
        if (task.WorkerId != HttpContext.AuthenticatedWorker().Id)
        {
            await HttpContext.SendErrorAsync(409, $"task {taskId} is not assigned to you", ct);
            return;
        }
        var request = HttpContext.Request;
        var outcome = await lastRendered.QueueAsync(task.JobId, request.ContentType, request.ContentLength, request.Body, ct);
        if (outcome.IsQueued)
        {
            // Start the (bodiless) answer ourselves: FastEndpoints answers 204 for a handler that sent nothing.
            HttpContext.Response.StatusCode = StatusCodes.Status202Accepted;
            await HttpContext.Response.StartAsync(ct);
            return;
        }
        await HttpContext.SendLastRenderedOutcomeAsync(outcome, ct);
    }
}
