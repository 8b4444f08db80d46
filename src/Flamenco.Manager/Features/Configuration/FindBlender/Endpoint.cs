using Flamenco.Api;
using Flamenco.Manager.Api;
using FastEndpoints;

namespace Flamenco.Manager.Features.Configuration.FindBlender;

/// <summary>The Blenders the Manager finds by itself, each run once to tell whether it works; an empty list when there is none.</summary>
public sealed class FindBlenderExePathEndpoint(BlenderProbe blender) : EndpointWithoutRequest<IReadOnlyList<BlenderPathCheckResult>>
{
    public override void Configure()
    {
        Get("configuration/check/blender");
        Group<MetaGroup>();
        AllowAnonymous();
        Description(d => d.WithName("findBlenderExePath"));
    }

    public override async Task HandleAsync(CancellationToken ct) => await Send.OkAsync(await blender.FindAsync(ct), ct);
}
