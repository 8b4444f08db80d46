using Flamenco.Api;
using Flamenco.Manager.Api;
using FastEndpoints;

namespace Flamenco.Manager.Features.Configuration.CheckBlender;

/// <summary>Runs the given Blender command or path with <c>--version</c> (<see cref="BlenderProbe.CheckAsync"/>); always 200 for a well-formed request.</summary>
public sealed class CheckBlenderExePathEndpoint(BlenderProbe blender) : Endpoint<PathCheckInput, BlenderPathCheckResult>
{
    public override void Configure()
    {
        Post("configuration/check/blender");
        Group<MetaGroup>();
        AllowAnonymous();
        Description(d => d.WithName("checkBlenderExePath").Produces<ApiError>(400));
    }

    public override async Task HandleAsync(PathCheckInput req, CancellationToken ct) => await Send.OkAsync(await blender.CheckAsync(req.Path!, ct), ct);
}
