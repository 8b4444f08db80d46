using System.Collections.Concurrent;
using Flamenco.Plugins;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace Flamenco.Testing;

/// <summary>Compiles test plugins with Roslyn, against this process's framework and the contracts assembly.</summary>
public static class TestPluginCompiler
{
    private static readonly Lazy<MetadataReference[]> References = new(LoadReferences);
    private static readonly ConcurrentDictionary<(string, string), byte[]> Compiled = new();

    /// <summary>The DLL for <paramref name="source"/>, compiled once per process (Roslyn is slow to warm up on two cores).</summary>
    public static byte[] Compile(string assemblyName, string source) =>
        Compiled.GetOrAdd((assemblyName, source), key => Emit(key.Item1, key.Item2, References.Value));

    /// <summary>Compiles <paramref name="source"/> against the framework, the contracts and <paramref name="dependencies"/> (DLL images).</summary>
    public static byte[] Compile(string assemblyName, string source, params byte[][] dependencies) =>
        Emit(assemblyName, source, [.. References.Value, .. dependencies.Select(d => MetadataReference.CreateFromImage(d))]);

    /// <summary>
    /// Puts a plugin DLL into <c>plugins/name/name.dll</c> as a deployment should: written beside it, then renamed over
    /// it, so a watching host never reads a half-written file.
    /// </summary>
    public static void Install(string plugins, string name, byte[] dll)
    {
        var folder = Path.Combine(plugins, name);
        Directory.CreateDirectory(folder);
        var temporary = Path.Combine(folder, $"{name}.dll.tmp");
        File.WriteAllBytes(temporary, dll);
        File.Move(temporary, Path.Combine(folder, $"{name}.dll"), overwrite: true);
    }

    private static byte[] Emit(string assemblyName, string source, IEnumerable<MetadataReference> references)
    {
        var compilation = CSharpCompilation.Create(assemblyName,
            [CSharpSyntaxTree.ParseText(source)],
            references,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));
        using var dll = new MemoryStream();
        var result = compilation.Emit(dll);
        if (!result.Success)
        {
            var errors = result.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error);
            throw new InvalidOperationException($"Test plugin {assemblyName} does not compile:\n{string.Join("\n", errors)}");
        }
        return dll.ToArray();
    }

    private static MetadataReference[] LoadReferences()
    {
        // The trusted platform assemblies are the framework (including Microsoft.Extensions.*) and this test's own
        // dependencies, among them Flamenco.Plugins.Abstractions.
        var trusted = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator);
        var paths = trusted.Append(typeof(IFlamencoPlugin).Assembly.Location)
            .Where(p => p.Length > 0)
            .DistinctBy(Path.GetFileName, StringComparer.OrdinalIgnoreCase);
        return [.. paths.Select(p => MetadataReference.CreateFromFile(p))];
    }
}
