using FastEndpoints;

namespace Flamenco.Manager.Features.Jobs;

/// <summary>A request naming a job in its route.</summary>
public class JobIdRequest
{
    [BindFrom("job_id")] public Guid JobId { get; set; }
}
