using Flamenco.Api;
using Flamenco.Manager.Api;
using Flamenco.Manager.Features.Tasks;
using Flamenco.Manager.LocalStorage;
using Flamenco.Manager.Persistence;
using Flamenco.Manager.TaskLogs;
using FastEndpoints;

namespace Flamenco.Manager.Features.TaskLogs.FetchInfo;

/// <summary>Where a task's whole log is served and its size: 200 <c>TaskLogInfo</c>, 204 without a log.</summary>
public sealed class FetchTaskLogInfoEndpoint(IJobStore store, ITaskLogStore logs) : Endpoint<TaskIdRequest, TaskLogInfo>
{
    public override void Configure()
    {
        Get("tasks/{task_id}/log");
        Group<JobsGroup>();
        AllowAnonymous();
        Description(d => d.WithName("fetchTaskLogInfo").Produces(204).Produces<ApiError>(404));
    }

    public override async Task HandleAsync(TaskIdRequest req, CancellationToken ct)
    {
        if (store.FindTask(req.TaskId) is not { } task)
        {
            await HttpContext.SendErrorAsync(404, $"no such task: {req.TaskId}", ct);
            return;
        }
        var size = logs.Size(task.JobId, task.Id);
        if (size == 0)
        {
            await Send.NoContentAsync(ct);
            return;
        }
        await Send.OkAsync(new TaskLogInfo
        {
            TaskId = task.Id.ToString("D"),
            JobId = task.JobId.ToString("D"),
            Url = ManagerLocalStorage.UrlOf(logs.RelativePath(task.JobId, task.Id)),
            Size = size,
        }, ct);
    }
}
