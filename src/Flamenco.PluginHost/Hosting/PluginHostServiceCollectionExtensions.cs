using Flamenco.PluginHost.Catalog;
using Flamenco.PluginHost.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

// In the package's root namespace, so `using Flamenco.PluginHost;` brings both the catalog and this method.
namespace Flamenco.PluginHost;

/// <summary>Registers the plugin host in an application's services.</summary>
public static class PluginHostServiceCollectionExtensions
{
    /// <summary>
    /// Adds <see cref="IPluginCatalog"/> (a singleton) and a hosted service that loads every plugin when the host starts,
    /// reloads plugins whose files change, and unloads them when the host stops. Needs the host's
    /// <c>ILoggerFactory</c> and <c>IConfiguration</c>; uses the registered <see cref="TimeProvider"/>, or the system clock.
    /// </summary>
    public static IServiceCollection AddFlamencoPlugins(this IServiceCollection services, Action<PluginHostOptions> configure)
    {
        services.AddOptions<PluginHostOptions>().Configure(configure);
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<PluginCatalog>();
        services.AddSingleton<IPluginCatalog>(sp => sp.GetRequiredService<PluginCatalog>());
        services.AddHostedService<PluginHostService>();
        return services;
    }
}
