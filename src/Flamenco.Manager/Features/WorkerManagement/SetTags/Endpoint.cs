using System.Text.Json.Serialization;
using Flamenco.Api;
using Flamenco.Manager.Api;
using Flamenco.Manager.Features.Worker;
using Flamenco.Manager.Workers;
using FastEndpoints;
using FluentValidation;

namespace Flamenco.Manager.Features.WorkerManagement.SetTags;

public sealed class SetWorkerTagsRequest : WorkerIdRequest
{
    [JsonPropertyName("tag_ids")] public List<string>? TagIds { get; set; }
}

public sealed class SetWorkerTagsValidator : Validator<SetWorkerTagsRequest>
{
    public SetWorkerTagsValidator()
    {
        RuleFor(r => r.WorkerId).Uuid("worker_id");
        RuleFor(r => r.TagIds).NotNull().WithName("tag_ids").WithMessage("tag_ids: required, the IDs of the worker's tags ([] for none)");
        RuleFor(r => r.TagIds).Must(ids => ids is null || ids.All(id => Guid.TryParse(id, out _))).WithName("tag_ids")
            .WithMessage((request, ids) => $"tag_ids: \"{ids!.First(id => !Guid.TryParse(id, out _))}\" is not a valid UUID");
    }
}

/// <summary>Replaces the worker's tag memberships.</summary>
public sealed class SetWorkerTagsEndpoint(WorkerService workers) : Endpoint<SetWorkerTagsRequest>
{
    public override void Configure()
    {
        Post("workers/{worker_id}/settags");
        Group<WorkerManagementGroup>();
        Description(d => d.WithName("setWorkerTags").Produces(204).Produces<ApiError>(400).Produces<ApiError>(404));
    }

    public override async Task HandleAsync(SetWorkerTagsRequest req, CancellationToken ct)
    {
        if (workers.SetTags(req.Id, [.. req.TagIds!.Select(Guid.Parse)]) is { } error) await HttpContext.SendErrorAsync(error, ct);
        else await Send.NoContentAsync(ct);
    }
}
