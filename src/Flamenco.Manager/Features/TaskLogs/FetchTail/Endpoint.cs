using Flamenco.Api;
using Flamenco.Manager.Api;
using Flamenco.Manager.Features.Tasks;
using Flamenco.Manager.Persistence;
using Flamenco.Manager.TaskLogs;
using FastEndpoints;

namespace Flamenco.Manager.Features.TaskLogs.FetchTail;

/// <summary>The last 2 KiB of a task's log, from a line boundary: 200 text/plain, 204 without a log.</summary>
public sealed class FetchTaskLogTailEndpoint(IJobStore store, ITaskLogStore logs) : Endpoint<TaskIdRequest>
{
    public override void Configure()
    {
        Get("tasks/{task_id}/logtail");
        Group<JobsGroup>();
        AllowAnonymous();
        Description(d => d.WithName("fetchTaskLogTail").Produces<string>(200, "text/plain").Produces(204).Produces<ApiError>(404));
    }

    public override async Task HandleAsync(TaskIdRequest req, CancellationToken ct)
    {
        if (store.FindTask(req.TaskId) is not { } task)
        {
            await HttpContext.SendErrorAsync(404, $"no such task: {req.TaskId}", ct);
            return;
        }
        if (logs.Tail(task.JobId, task.Id) is { } tail) await Send.StringAsync(tail, 200, "text/plain; charset=utf-8", ct);
        else await Send.NoContentAsync(ct);
    }
}
