using System.Text.Json.Serialization;
using Flamenco.Api;
using Flamenco.Manager.Api;
using Flamenco.Manager.Features.Worker;
using Flamenco.Manager.Persistence;
using Flamenco.Manager.Workers;
using FastEndpoints;
using FluentValidation;

namespace Flamenco.Manager.Features.WorkerManagement.Tags;

/// <summary>All worker tags. <c>tags</c> is always there, also when empty: the Blender add-on reads it unguarded.</summary>
public sealed class FetchWorkerTagsEndpoint(IWorkerStore store) : EndpointWithoutRequest<WorkerTagList>
{
    public override void Configure()
    {
        Get("tags");
        Group<WorkerManagementGroup>();
        Description(d => d.WithName("fetchWorkerTags"));
    }

    public override Task HandleAsync(CancellationToken ct) =>
        Send.OkAsync(new WorkerTagList { Tags = [.. store.ListTags().Select(t => t.ToWire())] }, ct);
}

/// <summary>The spec's <c>WorkerTag</c> as a request.</summary>
public class WorkerTagRequest
{
    [JsonPropertyName("id")] public string? Id { get; set; }
    [JsonPropertyName("name")] public string? Name { get; set; }
    [JsonPropertyName("description")] public string? Description { get; set; }
}

public sealed class CreateWorkerTagValidator : Validator<WorkerTagRequest>
{
    public CreateWorkerTagValidator()
    {
        RuleFor(r => r.Name).RequiredText("name", "the tag's name").MaxBytes("name", InputLimits.NameBytes);
        RuleFor(r => r.Description).MaxBytes("description", InputLimits.DescriptionBytes);
        RuleFor(r => r.Id).Uuid("id").When(r => !string.IsNullOrEmpty(r.Id));
    }
}

/// <summary>Creates a tag; without an <c>id</c> it gets a random one. Names are unique (409).</summary>
public sealed class CreateWorkerTagEndpoint(WorkerTagService tags) : Endpoint<WorkerTagRequest, WorkerTagInfo>
{
    public override void Configure()
    {
        Post("tags");
        Group<WorkerManagementGroup>();
        Description(d => d.WithName("createWorkerTag").Produces<ApiError>(400).Produces<ApiError>(409));
    }

    public override async Task HandleAsync(WorkerTagRequest req, CancellationToken ct)
    {
        Guid? id = string.IsNullOrEmpty(req.Id) ? null : Guid.Parse(req.Id);
        var (tag, error) = tags.Create(id, req.Name!.Trim(), req.Description);
        if (error is not null) await HttpContext.SendErrorAsync(error, ct);
        else await Send.OkAsync(tag!.ToWire(), ct);
    }
}

/// <summary>A request naming a tag in its route, taken as text so a malformed ID gets a clear 400.</summary>
public class TagIdRequest
{
    [BindFrom("tag_id")] public string TagId { get; set; } = "";

    [JsonIgnore] public Guid Id => Guid.Parse(TagId);
}

public sealed class TagIdValidator : Validator<TagIdRequest>
{
    public TagIdValidator() => RuleFor(r => r.TagId).Uuid("tag_id");
}

public sealed class FetchWorkerTagEndpoint(IWorkerStore store) : Endpoint<TagIdRequest, WorkerTagInfo>
{
    public override void Configure()
    {
        Get("tag/{tag_id}");
        Group<WorkerManagementGroup>();
        Description(d => d.WithName("fetchWorkerTag").Produces<ApiError>(400).Produces<ApiError>(404));
    }

    public override async Task HandleAsync(TagIdRequest req, CancellationToken ct)
    {
        if (store.FindTag(req.Id) is { } tag) await Send.OkAsync(tag.ToWire(), ct);
        else await HttpContext.SendErrorAsync(WorkerTagService.NotFound(req.Id), ct);
    }
}

public sealed class UpdateWorkerTagRequest : TagIdRequest
{
    [JsonPropertyName("name")] public string? Name { get; set; }
    [JsonPropertyName("description")] public string? Description { get; set; }
}

public sealed class UpdateWorkerTagValidator : Validator<UpdateWorkerTagRequest>
{
    public UpdateWorkerTagValidator()
    {
        RuleFor(r => r.TagId).Uuid("tag_id");
        RuleFor(r => r.Name).RequiredText("name", "the tag's name").MaxBytes("name", InputLimits.NameBytes);
        RuleFor(r => r.Description).MaxBytes("description", InputLimits.DescriptionBytes);
    }
}

/// <summary>Renames a tag; the description changes only when given.</summary>
public sealed class UpdateWorkerTagEndpoint(WorkerTagService tags) : Endpoint<UpdateWorkerTagRequest>
{
    public override void Configure()
    {
        Put("tag/{tag_id}");
        Group<WorkerManagementGroup>();
        Description(d => d.WithName("updateWorkerTag").Produces(204).Produces<ApiError>(400).Produces<ApiError>(404).Produces<ApiError>(409));
    }

    public override async Task HandleAsync(UpdateWorkerTagRequest req, CancellationToken ct)
    {
        if (tags.Update(req.Id, req.Name!.Trim(), req.Description) is { } error) await HttpContext.SendErrorAsync(error, ct);
        else await Send.NoContentAsync(ct);
    }
}

/// <summary>Deletes a tag: workers lose it, and the jobs that had it may run on any worker.</summary>
public sealed class DeleteWorkerTagEndpoint(WorkerTagService tags) : Endpoint<TagIdRequest>
{
    public override void Configure()
    {
        Delete("tag/{tag_id}");
        Group<WorkerManagementGroup>();
        Description(d => d.WithName("deleteWorkerTag").Produces(204).Produces<ApiError>(400).Produces<ApiError>(404));
    }

    public override async Task HandleAsync(TagIdRequest req, CancellationToken ct)
    {
        if (tags.Delete(req.Id) is { } error)
        {
            await HttpContext.SendErrorAsync(error, ct);
            return;
        }
        await Send.NoContentAsync(ct);
    }
}
