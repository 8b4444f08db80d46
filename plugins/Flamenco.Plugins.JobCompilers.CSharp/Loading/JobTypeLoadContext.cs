using System.Reflection;
using System.Runtime.Loader;
using Flamenco.Plugins.JobCompilers.CSharp.Authoring;
using Flamenco.Plugins.JobCompilers.CSharp.Compilation;

namespace Flamenco.Plugins.JobCompilers.CSharp.Loading;

/// <summary>
/// A collectible load context holding exactly one version of one job type. Everything the job type references
/// (the runtime, the author API, the contracts) is resolved by the context this plugin itself was loaded into, so the
/// job type sees the very same <see cref="JobTypeScript"/> type the compiler casts to.
/// </summary>
internal sealed class JobTypeLoadContext : AssemblyLoadContext
{
    private static readonly AssemblyLoadContext PluginContext =
        GetLoadContext(typeof(JobTypeLoadContext).Assembly) ?? Default;

    private JobTypeLoadContext(string name)
        : base(name, isCollectible: true)
    {
    }

    /// <summary>Loads <paramref name="compiled"/> into a new context and returns the context and the job type's class.</summary>
    public static (JobTypeLoadContext Context, Type JobType) Load(CompiledAssembly compiled)
    {
        var context = new JobTypeLoadContext(compiled.Name);
        try
        {
            using var image = new MemoryStream(compiled.Image, writable: false);
            using var symbols = new MemoryStream(compiled.Symbols, writable: false);
            var assembly = context.LoadFromStream(image, symbols);
            var type = assembly.GetType(ScriptWrapper.ClassName, throwOnError: true)!;
            return (context, type);
        }
        catch
        {
            context.Unload();
            throw;
        }
    }

    protected override Assembly? Load(AssemblyName assemblyName) => PluginContext.LoadFromAssemblyName(assemblyName);
}
