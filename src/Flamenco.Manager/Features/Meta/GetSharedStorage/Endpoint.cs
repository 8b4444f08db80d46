using Flamenco.Api;
using Flamenco.Manager.Api;
using Flamenco.Manager.Variables;
using FastEndpoints;

namespace Flamenco.Manager.Features.Meta.GetSharedStorage;

/// <summary>
/// Where the job storage is for an audience and platform (manager.md §6.3 C): the Manager's path mapped through the
/// two-way variables. The Blender add-on asks for <c>users/&lt;its platform&gt;</c> before anything else, and decides
/// from the answer whether a blend file is already on the shared storage.
/// </summary>
public sealed class GetSharedStorageEndpoint(ManagerVariables variables) : EndpointWithoutRequest<SharedStorageLocation>
{
    public override void Configure()
    {
        Get("configuration/shared-storage/{audience}/{platform}");
        Group<MetaGroup>();
        AllowAnonymous();
        Description(d => d.WithName("getSharedStorage").Produces<ApiError>(400));
    }

    public override async Task HandleAsync(CancellationToken ct)
    {
        if (await this.AudienceAsync(ct) is not { } audience) return;
        var platform = this.Platform();
        var shamanEnabled = variables.ShamanEnabled;
        var tables = variables.Current;
        await Send.OkAsync(new SharedStorageLocation
        {
            Location = tables.Expander(audience, platform).Expand(tables.JobStoragePath),
            Audience = audience,
            Platform = platform,
            ShamanEnabled = shamanEnabled,
        }, ct);
    }
}
