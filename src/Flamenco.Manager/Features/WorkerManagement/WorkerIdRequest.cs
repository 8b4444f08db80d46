using System.Text.Json.Serialization;
using Flamenco.Manager.Features.Worker;
using FastEndpoints;

namespace Flamenco.Manager.Features.WorkerManagement;

/// <summary>A request naming a worker in its route. The ID is taken as text so a malformed one gets a clear 400.</summary>
public class WorkerIdRequest
{
    [BindFrom("worker_id")] public string WorkerId { get; set; } = "";

    [JsonIgnore] public Guid Id => Guid.Parse(WorkerId);
}

public sealed class WorkerIdValidator : Validator<WorkerIdRequest>
{
    public WorkerIdValidator() => RuleFor(r => r.WorkerId).Uuid("worker_id");
}
