using System.Text.Json;
using System.Text.Json.Serialization;
using Flamenco.Api;
using Flamenco.Manager.Api;
using Flamenco.Manager.Persistence;
using Flamenco.Manager.Scheduling;
using FastEndpoints;

namespace Flamenco.Manager.Features.Jobs.Blocklist;

public sealed record JobBlocklistEntry
{
    [JsonPropertyName("worker_id")] public required string WorkerId { get; init; }
    [JsonPropertyName("task_type")] public required string TaskType { get; init; }
    [JsonPropertyName("worker_name")] public string? WorkerName { get; init; }
}

public sealed class FetchJobBlocklistEndpoint(IJobStore jobs, IWorkerStore workers) : Endpoint<JobIdRequest, List<JobBlocklistEntry>>
{
    public override void Configure()
    {
        Get("jobs/{job_id}/blocklist");
        Group<JobsGroup>();
        AllowAnonymous();
        Description(d => d.WithName("fetchJobBlocklist").Produces<ApiError>(404));
    }

    public override async Task HandleAsync(JobIdRequest req, CancellationToken ct)
    {
        if (jobs.FindJob(req.JobId) is not { } job)
        {
            await HttpContext.SendErrorAsync(404, $"no such job: {req.JobId}", ct);
            return;
        }
        await Send.OkAsync([.. job.Blocklist.Select(b => new JobBlocklistEntry
        {
            WorkerId = b.WorkerId.ToString(),
            TaskType = b.TaskType,
            WorkerName = workers.Find(b.WorkerId)?.Name,
        })], ct);
    }
}

/// <summary>Takes entries off a job's blocklist: those workers may run those task types of the job again.</summary>
public sealed class RemoveJobBlocklistEndpoint(IJobStore jobs, SchedulingState scheduling) : Endpoint<RemoveJobBlocklistRequest>
{
    public override void Configure()
    {
        Delete("jobs/{job_id}/blocklist");
        Group<JobsGroup>();
        AllowAnonymous();
        Description(d => d.WithName("removeJobBlocklist").Produces(204).Produces<ApiError>(404));
    }

    public override async Task HandleAsync(RemoveJobBlocklistRequest req, CancellationToken ct)
    {
        List<JobBlocklistEntry> entries;
        try
        {
            entries = string.IsNullOrWhiteSpace(req.Content) ? [] : JsonSerializer.Deserialize<List<JobBlocklistEntry>>(req.Content) ?? [];
        }
        catch (JsonException e)
        {
            await HttpContext.SendErrorAsync(400, $"the body must be a JSON array of {{\"worker_id\", \"task_type\"}} entries: {e.Message}", ct);
            return;
        }

        bool found;
        lock (scheduling.Lock)
        {
            var job = jobs.FindJob(req.JobId);
            found = job is not null;
            if (job is not null && job.Blocklist.RemoveAll(b => entries.Any(e => Guid.TryParse(e.WorkerId, out var id) && id == b.WorkerId && e.TaskType == b.TaskType)) > 0)
            {
                jobs.Save(job, []);
                if (scheduling.Index.Contains(job.Id)) scheduling.Reindex(job, jobs.TasksOfJob(job.Id));
            }
        }
        if (!found)
        {
            await HttpContext.SendErrorAsync(404, $"no such job: {req.JobId}", ct);
            return;
        }
        await Send.NoContentAsync(ct);
    }
}

/// <summary>The route's job and, as the raw body, the entries to remove: a JSON array (the spec's JobBlocklist), which a DTO cannot bind.</summary>
public sealed class RemoveJobBlocklistRequest : JobIdRequest, IPlainTextRequest
{
    public string Content { get; set; } = "";
}
