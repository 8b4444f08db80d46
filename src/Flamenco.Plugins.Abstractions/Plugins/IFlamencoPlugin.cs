using Microsoft.Extensions.DependencyInjection;

namespace Flamenco.Plugins;

/// <summary>
/// Optional hook for a plugin that needs more than the automatic registration. The host already registers,
/// as singletons, every public class of the plugin assembly that implements an extension point
/// (<see cref="JobTypes.IJobCompiler"/>, <see cref="Commands.IWorkerCommand"/>, <see cref="Storage.IStorageBackend"/>);
/// this hook runs after that, on the plugin's own service collection.
/// </summary>
public interface IFlamencoPlugin
{
    /// <summary>Adds the plugin's own services. The collection is private to this plugin and this load of it.</summary>
    void ConfigureServices(IServiceCollection services, IPluginContext context);
}
