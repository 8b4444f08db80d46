using System.Text.Json.Serialization;
using Flamenco.Api;
using Flamenco.Manager.Api;
using Flamenco.Manager.Features.Worker;
using Flamenco.Manager.Persistence;
using Flamenco.Manager.Workers;
using FastEndpoints;
using FluentValidation;

namespace Flamenco.Manager.Features.WorkerManagement.SleepSchedule;

/// <summary>The worker's sleep schedule: 204 when it has none.</summary>
public sealed class FetchWorkerSleepScheduleEndpoint(IWorkerStore store) : Endpoint<WorkerIdRequest, WorkerSleepSchedule>
{
    public override void Configure()
    {
        Get("workers/{worker_id}/sleep-schedule");
        Group<WorkerManagementGroup>();
        Description(d => d.WithName("fetchWorkerSleepSchedule").Produces(204).Produces<ApiError>(400).Produces<ApiError>(404));
    }

    public override async Task HandleAsync(WorkerIdRequest req, CancellationToken ct)
    {
        if (store.Find(req.Id) is not { DeletedAt: null } worker)
        {
            await HttpContext.SendErrorAsync(WorkerService.NotFound(req.Id), ct);
            return;
        }
        if (worker.SleepSchedule is not { } schedule)
        {
            await Send.NoContentAsync(ct);
            return;
        }
        await Send.OkAsync(new WorkerSleepSchedule
        {
            IsActive = schedule.IsActive,
            DaysOfWeek = schedule.DaysOfWeek,
            StartTime = schedule.StartTime,
            EndTime = schedule.EndTime,
        }, ct);
    }
}

public sealed class SetWorkerSleepScheduleRequest : WorkerIdRequest
{
    [JsonPropertyName("is_active")] public bool? IsActive { get; set; }
    [JsonPropertyName("days_of_week")] public string? DaysOfWeek { get; set; }
    [JsonPropertyName("start_time")] public string? StartTime { get; set; }
    [JsonPropertyName("end_time")] public string? EndTime { get; set; }
}

public sealed class SetWorkerSleepScheduleValidator : Validator<SetWorkerSleepScheduleRequest>
{
    public SetWorkerSleepScheduleValidator() => RuleFor(r => r.WorkerId).Uuid("worker_id");
}

/// <summary>
/// Stores the schedule and applies it at once. Times are HH:MM (24-hour, local to the Manager); an end before the
/// start spans midnight.
/// </summary>
public sealed class SetWorkerSleepScheduleEndpoint(WorkerService workers) : Endpoint<SetWorkerSleepScheduleRequest>
{
    public override void Configure()
    {
        Post("workers/{worker_id}/sleep-schedule");
        Group<WorkerManagementGroup>();
        Description(d => d.WithName("setWorkerSleepSchedule").Produces(204).Produces<ApiError>(400).Produces<ApiError>(404));
    }

    public override async Task HandleAsync(SetWorkerSleepScheduleRequest req, CancellationToken ct)
    {
        var input = new WorkerSleepSchedule { IsActive = req.IsActive, DaysOfWeek = req.DaysOfWeek, StartTime = req.StartTime, EndTime = req.EndTime };
        if (!SleepScheduleCalculator.TryNormalize(input, out var schedule, out var problem))
        {
            await HttpContext.SendErrorAsync(400, problem, ct);
            return;
        }
        if (workers.SetSleepSchedule(req.Id, schedule) is { } error) await HttpContext.SendErrorAsync(error, ct);
        else await Send.NoContentAsync(ct);
    }
}
