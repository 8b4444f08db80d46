using System.Text.Json.Serialization;
using Flamenco.Api;
using Flamenco.Manager.Api;
using Flamenco.Manager.Features.Jobs;
using Flamenco.Manager.Persistence;
using Flamenco.Manager.Workers;
using FastEndpoints;

namespace Flamenco.Manager.Features.WorkerManagement.SetJobTag;

/// <summary>The spec's <c>JobTagChange</c>: the tag by <c>id</c> or by <c>name</c> (the id wins when both are given), neither to clear it.</summary>
public sealed class SetJobTagRequest : JobIdRequest
{
    [JsonPropertyName("id")] public string? Id { get; set; }
    [JsonPropertyName("name")] public string? Name { get; set; }
}

/// <summary>Limits a job to the workers with a tag, or lifts the limit. An unknown tag is 406 "tag not found", as upstream.</summary>
public sealed class SetJobTagEndpoint(WorkerTagService tags, IWorkerStore workers, IJobStore jobs) : Endpoint<SetJobTagRequest>
{
    public override void Configure()
    {
        Post("jobs/{job_id}/settag");
        Group<JobsGroup>();
        AllowAnonymous();
        Description(d => d.WithName("setJobTag").Produces(204).Produces<ApiError>(400).Produces<ApiError>(404).Produces<ApiError>(406));
    }

    public override async Task HandleAsync(SetJobTagRequest req, CancellationToken ct)
    {
        Guid? tagId = null;
        if (!string.IsNullOrEmpty(req.Id))
        {
            if (!Guid.TryParse(req.Id, out var id))
            {
                await HttpContext.SendErrorAsync(400, $"id: \"{req.Id}\" is not a valid UUID", ct);
                return;
            }
            tagId = workers.FindTag(id)?.Id ?? Guid.Empty;
        }
        else if (!string.IsNullOrEmpty(req.Name))
        {
            tagId = workers.FindTagByName(req.Name)?.Id ?? Guid.Empty;
        }

        if (jobs.FindJob(req.JobId) is null)
        {
            await HttpContext.SendErrorAsync(404, $"no such job: {req.JobId}", ct);
            return;
        }
        if (tagId == Guid.Empty)
        {
            await HttpContext.SendErrorAsync(406, "tag not found", ct);
            return;
        }
        if (tags.SetJobTag(req.JobId, tagId) is { } error)
        {
            await HttpContext.SendErrorAsync(error, ct);
            return;
        }
        await Send.NoContentAsync(ct);
    }
}
