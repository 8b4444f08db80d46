using Flamenco.Api;
using Flamenco.Manager.Api;
using Flamenco.Manager.Variables;
using FastEndpoints;

namespace Flamenco.Manager.Features.Meta.GetVariables;

/// <summary>The variables for an audience and platform, by name (manager.md §6.3; <c>{}</c> for a platform without any).</summary>
public sealed class GetVariablesEndpoint(ManagerVariables variables) : EndpointWithoutRequest<IReadOnlyDictionary<string, ManagerVariable>>
{
    public override void Configure()
    {
        Get("configuration/variables/{audience}/{platform}");
        Group<MetaGroup>();
        AllowAnonymous();
        Description(d => d.WithName("getVariables").Produces<ApiError>(400));
    }

    public override async Task HandleAsync(CancellationToken ct)
    {
        if (await this.AudienceAsync(ct) is not { } audience) return;
        var resolved = variables.Current.Resolve(audience, this.Platform());
        await Send.OkAsync(resolved.ToDictionary(v => v.Key, v => new ManagerVariable { Value = v.Value.Value, IsTwoway = v.Value.IsTwoway }), ct);
    }
}
