using Flamenco.Api;
using Flamenco.Manager.Api;
using Flamenco.Manager.Hosting;
using Flamenco.Manager.Variables;
using FastEndpoints;
using Microsoft.Extensions.Options;

namespace Flamenco.Manager.Features.Meta.GetConfiguration;

/// <summary>
/// Unlike upstream, reading the configuration does not reload it from disk (manager.md §9.3 Q18).
/// <c>isFirstRun</c> is true until a shared storage path is configured (file, environment or command line), as in
/// Flamenco, so its web app offers the setup assistant; the default folder in the data folder keeps the Manager working
/// meanwhile. It turns false as soon as the setup assistant has saved one, before the restart that puts it in use.
/// Shaman is only offered when it is enabled and a storage plugin is loaded: otherwise the add-on would upload to
/// nothing.
/// </summary>
public sealed class GetConfigurationEndpoint(IOptions<ManagerOptions> options, IConfiguration configuration, ManagerVariables variables) : EndpointWithoutRequest<ManagerConfiguration>
{
    public override void Configure()
    {
        Get("configuration");
        Group<MetaGroup>();
        AllowAnonymous();
        Description(d => d.WithName("getConfiguration"));
    }

    public override Task HandleAsync(CancellationToken ct) => Send.OkAsync(new ManagerConfiguration
    {
        StorageLocation = options.Value.SharedStoragePathFull,
        ShamanEnabled = variables.ShamanEnabled,
        IsFirstRun = string.IsNullOrWhiteSpace(configuration["shared_storage_path"]),
    }, ct);
}
