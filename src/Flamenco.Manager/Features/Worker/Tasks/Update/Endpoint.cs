using Flamenco.Api;
using Flamenco.Manager.Api;
using Flamenco.Manager.Features.Tasks;
using Flamenco.Manager.Scheduling;
using Flamenco.Manager.TaskLogs;
using FastEndpoints;
using FluentValidation;

namespace Flamenco.Manager.Features.Worker.Tasks.Update;

public sealed class TaskUpdateRequest : TaskIdRequest
{
    [System.Text.Json.Serialization.JsonPropertyName("taskStatus")] public TaskStatus? TaskStatus { get; set; }
    [System.Text.Json.Serialization.JsonPropertyName("activity")] public string? Activity { get; set; }
    [System.Text.Json.Serialization.JsonPropertyName("log")] public string? Log { get; set; }
    [System.Text.Json.Serialization.JsonPropertyName("steps_completed")] public int? StepsCompleted { get; set; }
}

public sealed class TaskUpdateValidator : Validator<TaskUpdateRequest>
{
    // The log is not limited here: it is appended to the task's log file, not stored in the database, and the
    // request's size limit bounds it.
    public TaskUpdateValidator() => RuleFor(r => r.Activity).MaxBytes("activity", InputLimits.DescriptionBytes);
}

/// <summary>A worker reports on its task: activity, log lines, steps and status (manager.md §5.3, §8.5).</summary>
public sealed class TaskUpdateEndpoint(TaskDispatcher dispatcher, TaskLogger taskLogs) : Endpoint<TaskUpdateRequest>
{
    public override void Configure()
    {
        Post("worker/task/{task_id}");
        Group<WorkerGroup>();
        Description(d => d.WithName("taskUpdate").Produces(204).Produces<ApiError>(409).Produces<ApiError>(404));
    }

    public override async Task HandleAsync(TaskUpdateRequest req, CancellationToken ct)
    {
        var update = new TaskUpdate { TaskStatus = req.TaskStatus, Activity = req.Activity, Log = req.Log, StepsCompleted = req.StepsCompleted };
        var outcome = dispatcher.Update(HttpContext.AuthenticatedWorker(), req.TaskId, update);
        if (outcome.Message is { } message)
        {
            await HttpContext.SendErrorAsync(outcome.StatusCode, message, ct);
            return;
        }
        // Log lines the worker sent are its data: answer once they are written too.
        if (!string.IsNullOrEmpty(req.Log)) await taskLogs.FlushAsync(ct);
        await Send.NoContentAsync(ct);
    }
}
