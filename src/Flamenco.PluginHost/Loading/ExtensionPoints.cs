using Flamenco.Plugins.Commands;
using Flamenco.Plugins.JobTypes;
using Flamenco.Plugins.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace Flamenco.PluginHost.Loading;

/// <summary>The contracts' extension points, and how a plugin assembly's implementations of them get registered.</summary>
internal static class ExtensionPoints
{
    public static readonly IReadOnlyList<Type> Types = [typeof(IJobCompiler), typeof(IWorkerCommand), typeof(IStorageBackend)];

    /// <summary>
    /// Registers every public concrete class of <paramref name="pluginAssembly"/> that implements an extension point as
    /// a singleton of that interface. One scan of the assembly, and <c>As&lt;T&gt;</c> per interface: Scrutor's
    /// <c>AsImplementedInterfaces</c> would also register e.g. <c>IDisposable</c> (stack.md §6).
    /// A class implementing two extension points becomes two singletons, one per interface.
    /// </summary>
    public static void Register(IServiceCollection services, System.Reflection.Assembly pluginAssembly) =>
        services.Scan(scan => scan.FromAssemblies(pluginAssembly)
            .AddClasses(c => c.AssignableTo<IJobCompiler>(), publicOnly: true).As<IJobCompiler>().WithSingletonLifetime()
            .AddClasses(c => c.AssignableTo<IWorkerCommand>(), publicOnly: true).As<IWorkerCommand>().WithSingletonLifetime()
            .AddClasses(c => c.AssignableTo<IStorageBackend>(), publicOnly: true).As<IStorageBackend>().WithSingletonLifetime());
}
