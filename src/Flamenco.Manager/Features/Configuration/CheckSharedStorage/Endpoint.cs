using Flamenco.Api;
using Flamenco.Manager.Api;
using FastEndpoints;

namespace Flamenco.Manager.Features.Configuration.CheckSharedStorage;

/// <summary>Always 200 for a well-formed request, as in Flamenco: whether the folder is usable is the answer (<see cref="SharedStorageCheck"/>).</summary>
public sealed class CheckSharedStoragePathEndpoint : Endpoint<PathCheckInput, PathCheckResult>
{
    public override void Configure()
    {
        Post("configuration/check/shared-storage");
        Group<MetaGroup>();
        AllowAnonymous();
        Description(d => d.WithName("checkSharedStoragePath").Produces<ApiError>(400));
    }

    public override Task HandleAsync(PathCheckInput req, CancellationToken ct) => Send.OkAsync(SharedStorageCheck.Check(req.Path!), ct);
}
