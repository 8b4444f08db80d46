using Flamenco.Api;
using Flamenco.Manager.Api;
using Flamenco.Manager.Jobs.Deletion;
using FastEndpoints;

namespace Flamenco.Manager.Features.Jobs.Delete;

/// <summary>Marks the job for deletion (204); the <see cref="JobDeleter"/> removes it in the background.</summary>
public sealed class DeleteJobEndpoint(JobDeletionRequests deletions) : Endpoint<JobIdRequest>
{
    public override void Configure()
    {
        Delete("jobs/{job_id}");
        Group<JobsGroup>();
        AllowAnonymous();
        Description(d => d.WithName("deleteJob").Produces(204).Produces<ApiError>(404));
    }

    public override Task HandleAsync(JobIdRequest req, CancellationToken ct) =>
        this.SendOutcomeAsync(deletions.RequestDeletion(req.JobId), $"no such job: {req.JobId}", ct);
}
