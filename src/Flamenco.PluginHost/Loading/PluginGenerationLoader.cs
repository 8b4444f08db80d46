using System.Reflection;
using Flamenco.PluginHost.Catalog;
using Flamenco.Plugins;
using McMaster.NETCore.Plugins;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Flamenco.PluginHost.Loading;

/// <summary>
/// Turns a plugin folder into a running <see cref="PluginGeneration"/>: a new collectible load context, the plugin's
/// identity and ABI check, a type probe, and a private service container holding its extensions. Throws
/// <see cref="PluginLoadException"/> for anything that goes wrong, after unloading whatever it had created.
/// </summary>
internal sealed class PluginGenerationLoader(ILoggerFactory loggerFactory, TimeProvider time, IConfiguration configuration, IEnumerable<object> sharedServices)
{
    /// <summary>
    /// Types whose assemblies the plugin must share with the host, so that its IWorkerCommand is the host's
    /// IWorkerCommand (stack.md §2: without this a cast fails) and the host's logger factory and configuration can be
    /// handed in. Sharing a type shares its whole assembly.
    /// </summary>
    private static readonly Type[] SharedTypes =
    [
        typeof(IFlamencoPlugin), .. ExtensionPoints.Types,
        typeof(IServiceCollection), typeof(ILogger), typeof(ILoggerFactory), typeof(IConfiguration),
    ];

    private readonly ILogger _logger = loggerFactory.CreateLogger<PluginGeneration>();

    /// <param name="folder">The plugin folder.</param>
    /// <param name="number">The generation number to give the result.</param>
    /// <param name="folderOwningId">Which other folder already serves a plugin id, if any.</param>
    public PluginGeneration Load(PluginFolder folder, int number, Func<string, string?> folderOwningId)
    {
        PluginLoader? loader = null;
        ServiceProvider? services = null;
        PluginIdentity? identity = null;
        var step = "loading the assembly";
        try
        {
            // LoadInMemory: the context never maps the file, so a deployment can overwrite it while this generation runs.
            loader = PluginLoader.CreateFromAssemblyFile(folder.AssemblyPath, SharedTypes, config =>
            {
                config.IsUnloadable = true;
                config.LoadInMemory = true;
            });
            var assembly = loader.LoadDefaultAssembly();

            identity = ReadIdentity(assembly, folder);
            CheckAbi(identity);
            if (folderOwningId(identity.Id) is { } owner)
            {
                throw new PluginLoadException(PluginState.Failed,
                    $"plugin id \"{identity.Id}\" is already used by the plugin in {owner}; the one in {folder.Directory} was not loaded", identity);
            }

            step = "loading its types";
            var types = ProbeTypes(assembly, identity);

            WarnAboutHiddenExtensions(types, identity);

            step = "registering its services";
            var context = new PluginContext(identity.Id, folder.Directory, configuration.GetSection($"Plugins:Settings:{identity.Id}"));
            var collection = NewServiceCollection(context);
            ExtensionPoints.Register(collection, assembly);
            foreach (var pluginType in types.Where(IsPluginClass))
            {
                if (pluginType.GetConstructor(Type.EmptyTypes) is null)
                {
                    throw new PluginLoadException(PluginState.Failed,
                        $"{pluginType.FullName} implements IFlamencoPlugin but has no public parameterless constructor", identity);
                }
                step = $"{pluginType.Name}.ConfigureServices";
                var plugin = (IFlamencoPlugin)Activator.CreateInstance(pluginType)!;
                plugin.ConfigureServices(collection, context);
            }

            step = "building its services";
            services = collection.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true });

            step = "creating its extensions";
            var extensions = new Dictionary<Type, object[]>();
            foreach (var point in ExtensionPoints.Types)
            {
                var instances = services.GetServices(point).OfType<object>().ToArray();
                if (instances.Length > 0) extensions[point] = instances;
            }
            return new PluginGeneration(identity, number, loader, services, extensions, _logger);
        }
        catch (Exception e)
        {
            // Unload what this attempt created: a failed load must not keep a load context alive.
            try
            {
                services?.Dispose();
            }
            catch (Exception disposeError)
            {
                _logger.LogWarning(disposeError, "Disposing the services of the failed plugin in {Directory} failed", folder.Directory);
            }
            loader?.Dispose();

            if (e is PluginLoadException) throw;
            throw new PluginLoadException(PluginState.Failed, $"{step} failed: {Describe(e)}", identity, e);
        }
    }

    private ServiceCollection NewServiceCollection(PluginContext context)
    {
        // The plugin's private container sees a short allow-list of host services (conventions §8.4), plus what the
        // host chose to share. The host's logger factory is shared, not created here, so plugin logs go where the
        // host's go; registered as instances, none of them is disposed with the plugin's container.
        var services = new ServiceCollection();
        services.AddSingleton(loggerFactory);
        services.AddSingleton(typeof(ILogger<>), typeof(Logger<>));
        services.AddSingleton(time);
        services.AddSingleton<IPluginContext>(context);
        foreach (var shared in sharedServices) services.AddSingleton(shared.GetType(), shared);
        return services;
    }

    private static PluginIdentity ReadIdentity(Assembly assembly, PluginFolder folder)
    {
        // Attribute data, not the attribute instance: an attribute written against other contracts may not construct,
        // and a TargetAbi the plugin did not set must not take this host's default.
        var attribute = assembly.GetCustomAttributesData()
            .FirstOrDefault(a => a.AttributeType.FullName == typeof(FlamencoPluginAttribute).FullName);
        if (attribute is null)
        {
            throw new PluginLoadException(PluginState.Failed,
                $"{Path.GetFileName(folder.AssemblyPath)} has no [assembly: FlamencoPlugin(\"<id>\")] attribute, so it is not a Flamenco plugin");
        }

        var id = attribute.ConstructorArguments.FirstOrDefault().Value as string;
        if (string.IsNullOrWhiteSpace(id))
        {
            throw new PluginLoadException(PluginState.Failed, $"{Path.GetFileName(folder.AssemblyPath)} declares an empty plugin id");
        }
        var name = Named(attribute, nameof(FlamencoPluginAttribute.Name)) ?? id;
        var targetAbi = Named(attribute, nameof(FlamencoPluginAttribute.TargetAbi)) ?? ReferencedContractsVersion(assembly) ?? PluginAbi.Current;
        return new PluginIdentity(id, name, VersionOf(assembly), targetAbi);
    }

    private static string? Named(CustomAttributeData attribute, string property) =>
        attribute.NamedArguments.FirstOrDefault(a => a.MemberName == property).TypedValue.Value as string;

    /// <summary>The "major.minor" of the contracts assembly the plugin was compiled against: what an unset TargetAbi means.</summary>
    private static string? ReferencedContractsVersion(Assembly assembly)
    {
        var contracts = typeof(IFlamencoPlugin).Assembly.GetName().Name;
        var version = assembly.GetReferencedAssemblies().FirstOrDefault(r => r.Name == contracts)?.Version;
        return version is null ? null : $"{version.Major}.{version.Minor}";
    }

    private static string? VersionOf(Assembly assembly) =>
        assembly.GetCustomAttributesData()
            .FirstOrDefault(a => a.AttributeType == typeof(AssemblyInformationalVersionAttribute))
            ?.ConstructorArguments.FirstOrDefault().Value as string
        ?? assembly.GetName().Version?.ToString();

    private static void CheckAbi(PluginIdentity identity)
    {
        if (MajorOf(identity.TargetAbi) is not { } major)
        {
            throw new PluginLoadException(PluginState.Incompatible,
                $"TargetAbi \"{identity.TargetAbi}\" is not a \"major.minor\" version", identity);
        }
        if (major != MajorOf(PluginAbi.Current))
        {
            throw new PluginLoadException(PluginState.Incompatible,
                $"built for plugin contracts {identity.TargetAbi}, but this host provides {PluginAbi.Current} (the major versions must match)", identity);
        }
    }

    private static int? MajorOf(string abi) => int.TryParse(abi.Split('.')[0], out var major) ? major : null;

    /// <summary>Loads every type now (as Jellyfin does), so a missing or incompatible dependency fails the load, not a later call.</summary>
    private static Type[] ProbeTypes(Assembly assembly, PluginIdentity identity)
    {
        try
        {
            return assembly.GetTypes();
        }
        catch (ReflectionTypeLoadException e)
        {
            var reasons = e.LoaderExceptions.OfType<Exception>().Select(x => x.Message).Distinct();
            throw new PluginLoadException(PluginState.Failed, $"some of its types cannot be loaded: {string.Join("; ", reasons)}", identity, e);
        }
    }

    /// <summary>Only public classes are registered; an author who forgot <c>public</c> would otherwise see nothing happen.</summary>
    private void WarnAboutHiddenExtensions(Type[] types, PluginIdentity identity)
    {
        foreach (var type in types.Where(t => t is { IsClass: true, IsAbstract: false, IsVisible: false }))
        {
            if (ExtensionPoints.Types.FirstOrDefault(point => point.IsAssignableFrom(type)) is { } point)
            {
                _logger.LogWarning("Plugin {PluginId}: {Type} implements {ExtensionPoint} but is not public, so it is not registered",
                    identity.Id, type.FullName, point.Name);
            }
        }
    }

    private static bool IsPluginClass(Type type) =>
        type is { IsClass: true, IsAbstract: false, ContainsGenericParameters: false } && typeof(IFlamencoPlugin).IsAssignableFrom(type);

    /// <summary>The exception a person needs to see: the plugin's own, not the reflection wrapper around it.</summary>
    private static string Describe(Exception e)
    {
        while (e is TargetInvocationException { InnerException: { } inner }) e = inner;
        return $"{e.GetType().Name}: {e.Message}";
    }
}
