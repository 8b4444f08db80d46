using Flamenco.Api;
using Flamenco.Manager.Events;
using Flamenco.Manager.Persistence;
using Flamenco.Manager.Scheduling;

namespace Flamenco.Manager.Workers;

/// <summary>Worker tags (create, rename, delete) and the tag of a job. Tag names are unique.</summary>
public sealed class WorkerTagService(
    IWorkerStore workers,
    IJobStore jobs,
    SchedulingState scheduling,
    WorkerEvents workerEvents,
    JobEvents jobEvents,
    TimeProvider time,
    ILogger<WorkerTagService> logger)
{
    private readonly Lock _gate = new();

    public (WorkerTag? Tag, ApiError? Error) Create(Guid? id, string name, string? description)
    {
        var tag = new WorkerTag { Id = id ?? Guid.NewGuid(), Name = name, Description = description ?? "" };
        lock (_gate)
        {
            if (workers.FindTag(tag.Id) is not null) return (null, new ApiError(409, $"a worker tag with id \"{tag.Id}\" already exists"));
            if (NameTaken(name, except: null) is { } taken) return (null, taken);
            workers.SaveTag(tag);
        }
        logger.LogInformation("Worker tag {Tag} ({TagId}) created", tag.Name, tag.Id);
        workerEvents.TagChanged(tag);
        return (tag, null);
    }

    /// <summary>Renames the tag; its description changes only when one is given.</summary>
    public ApiError? Update(Guid id, string name, string? description)
    {
        WorkerTag tag;
        lock (_gate)
        {
            if (workers.FindTag(id) is not { } found) return NotFound(id);
            tag = found;
            if (NameTaken(name, except: id) is { } taken) return taken;
            tag.Name = name;
            if (description is not null) tag.Description = description;
            workers.SaveTag(tag);
        }
        workerEvents.TagChanged(tag);
        return null;
    }

    /// <summary>
    /// Deletes the tag: workers lose it, and jobs limited to it become untagged, so any worker may run them (as
    /// upstream, quirk Q16; otherwise no worker could ever run them). The log names those jobs.
    /// </summary>
    public ApiError? Delete(Guid id)
    {
        WorkerTag tag;
        List<Jobs.Job> untagged = [];
        lock (_gate)
        {
            if (workers.FindTag(id) is not { } found) return NotFound(id);
            tag = found;
            lock (scheduling.Lock)
            {
                foreach (var job in jobs.ListJobs().Where(j => j.WorkerTagId == id))
                {
                    job.WorkerTagId = null;
                    job.Updated = time.GetUtcNow();
                    jobs.Save(job, []);
                    if (scheduling.Index.Contains(job.Id)) scheduling.Reindex(job, jobs.TasksOfJob(job.Id));
                    untagged.Add(job);
                }
            }
            workers.DeleteTag(id);
        }
        if (untagged.Count > 0)
        {
            logger.LogWarning("Worker tag {Tag} deleted; these jobs had it and may now run on any worker: {Jobs}",
                tag.Name, string.Join(", ", untagged.Select(j => $"{j.Name} ({j.Id})")));
        }
        else
        {
            logger.LogInformation("Worker tag {Tag} ({TagId}) deleted", tag.Name, tag.Id);
        }
        workerEvents.TagDeleted(tag);
        foreach (var job in untagged) jobEvents.JobChanged(job, null, false);
        return null;
    }

    /// <summary>Limits the job to workers with the tag; a null tag lifts the limit.</summary>
    public ApiError? SetJobTag(Guid jobId, Guid? tagId)
    {
        Jobs.Job job;
        lock (scheduling.Lock)
        {
            if (jobs.FindJob(jobId) is not { } found) return new ApiError(404, $"no such job: {jobId}");
            job = found;
            if (job.WorkerTagId == tagId) return null;
            job.WorkerTagId = tagId;
            job.Updated = time.GetUtcNow();
            jobs.Save(job, []);
            if (scheduling.Index.Contains(job.Id)) scheduling.Reindex(job, jobs.TasksOfJob(job.Id));
        }
        logger.LogInformation("Job {Job} ({JobId}) now has worker tag {TagId}", job.Name, job.Id, tagId?.ToString() ?? "-none-");
        jobEvents.JobChanged(job, null, false);
        return null;
    }

    public static ApiError NotFound(Guid id) => new(404, $"worker tag \"{id}\" not found");

    private ApiError? NameTaken(string name, Guid? except) =>
        workers.FindTagByName(name) is { } other && other.Id != except
            ? new ApiError(409, $"a worker tag named \"{name}\" already exists (id {other.Id})")
            : null;
}
