using System.Reflection;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using Flamenco.Plugins.JobCompilers.CSharp.Authoring;
using Flamenco.Plugins.JobTypes;
using Microsoft.CodeAnalysis;

namespace Flamenco.Plugins.JobCompilers.CSharp.Compilation;

/// <summary>
/// What job types compile against: the .NET runtime's assemblies, the author API and the contracts. Built once per
/// process: resolving references per compile was the main cost of a compile (stack.md, Roslyn).
/// </summary>
internal static class FrameworkReferences
{
    private static readonly Lazy<IReadOnlyList<MetadataReference>> LazyAll = new(Build);

    public static IReadOnlyList<MetadataReference> All => LazyAll.Value;

    private static List<MetadataReference> Build()
    {
        var runtimeDirectory = Path.GetDirectoryName(typeof(object).Assembly.Location)!;
        var references = Directory.EnumerateFiles(runtimeDirectory, "*.dll")
            .Where(IsManagedAssembly)
            .Select(path => (MetadataReference)MetadataReference.CreateFromFile(path))
            .ToList();
        references.Add(FromLoaded(typeof(JobTypeScript).Assembly));
        references.Add(FromLoaded(typeof(JobTypeException).Assembly));
        return references;
    }

    private static bool IsManagedAssembly(string path)
    {
        using var stream = File.OpenRead(path);
        using var reader = new PEReader(stream);
        return reader.HasMetadata && reader.GetMetadataReader().IsAssembly;
    }

    /// <summary>
    /// A reference to an assembly as it is loaded, not as a file: the plugin host loads plugins from memory (no
    /// <see cref="Assembly.Location"/>), and the file on disk may already be a newer build than the code running.
    /// </summary>
    private static unsafe MetadataReference FromLoaded(Assembly assembly)
    {
        if (!assembly.TryGetRawMetadata(out var blob, out var length))
        {
            throw new InvalidOperationException($"cannot read the metadata of {assembly.GetName().Name}");
        }
        // The metadata stays valid while the assembly is loaded, which is at least as long as this plugin is.
        return AssemblyMetadata.Create(ModuleMetadata.CreateFromMetadata((nint)blob, length)).GetReference();
    }
}
