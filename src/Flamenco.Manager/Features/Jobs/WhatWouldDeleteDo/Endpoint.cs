using Flamenco.Api;
using Flamenco.Manager.Api;
using Flamenco.Manager.Jobs.Deletion;
using Flamenco.Manager.Persistence;
using FastEndpoints;

namespace Flamenco.Manager.Features.Jobs.WhatWouldDeleteDo;

/// <summary>Whether deleting the job would also remove its Shaman checkout, by the rule the deleter applies.</summary>
public sealed class DeleteJobWhatWouldItDoEndpoint(IJobStore store, JobDeleter deleter) : Endpoint<JobIdRequest, JobDeletionInfo>
{
    public override void Configure()
    {
        Get("jobs/{job_id}/what-would-delete-do");
        Group<JobsGroup>();
        AllowAnonymous();
        Description(d => d.WithName("deleteJobWhatWouldItDo").Produces<ApiError>(404));
    }

    public override async Task HandleAsync(JobIdRequest req, CancellationToken ct)
    {
        if (store.FindJob(req.JobId) is { } job) await Send.OkAsync(new JobDeletionInfo { ShamanCheckout = deleter.WouldRemoveCheckout(job) }, ct);
        else await HttpContext.SendErrorAsync(404, $"no such job: {req.JobId}", ct);
    }
}
