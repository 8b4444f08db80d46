using Flamenco.Manager.Api;
using Flamenco.Manager.JobCompilation;
using Flamenco.PluginHost;
using FastEndpoints;

namespace Flamenco.Manager.Features.Plugins.List;

public sealed class ListPluginsEndpoint(IPluginCatalog plugins, JobTypeCatalog jobTypeCatalog) : EndpointWithoutRequest<PluginListing>
{
    public override void Configure()
    {
        Get("plugins");
        Group<ExtensibleGroup>();
        AllowAnonymous();
        Description(d => d.WithName("listPlugins"));
    }

    public override Task HandleAsync(CancellationToken ct) => Send.OkAsync(PluginListing.Of(plugins, jobTypeCatalog), ct);
}
