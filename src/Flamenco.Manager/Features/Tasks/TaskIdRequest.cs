using FastEndpoints;

namespace Flamenco.Manager.Features.Tasks;

/// <summary>A request naming a task in its route.</summary>
public class TaskIdRequest
{
    [BindFrom("task_id")] public Guid TaskId { get; set; }
}
