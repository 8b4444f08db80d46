using Flamenco.Api;
using Flamenco.Manager.Api;
using Flamenco.Manager.Farm;
using FastEndpoints;

namespace Flamenco.Manager.Features.Meta.GetFarmStatus;

public sealed class GetFarmStatusEndpoint(FarmStatusService farm) : EndpointWithoutRequest<FarmStatusReport>
{
    public override void Configure()
    {
        Get("status");
        Group<MetaGroup>();
        AllowAnonymous();
        Description(d => d.WithName("getFarmStatus"));
    }

    public override Task HandleAsync(CancellationToken ct) => Send.OkAsync(farm.Current, ct);
}
