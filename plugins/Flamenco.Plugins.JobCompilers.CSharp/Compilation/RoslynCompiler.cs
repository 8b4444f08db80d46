using System.Security.Cryptography;
using System.Text;
using Flamenco.Plugins.JobTypes;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Emit;

namespace Flamenco.Plugins.JobCompilers.CSharp.Compilation;

/// <summary>A compiled job type: its assembly and the portable PDB that gives stack traces the author's line numbers.</summary>
internal sealed record CompiledAssembly(string Name, byte[] Image, byte[] Symbols);

/// <summary>
/// Compiles a job-type file with plain <see cref="CSharpCompilation"/> (not Roslyn scripting, whose assemblies can
/// never be unloaded): wrap, weave in the budget checks, emit.
/// </summary>
internal static class RoslynCompiler
{
    /// <summary>
    /// Debug code generation: the JIT then inlines nothing of the job type, so every error's stack trace keeps the
    /// author's method and line. Job-type code is thin (the work happens in the author API, which is optimised).
    /// </summary>
    private static readonly CSharpCompilationOptions Options = new(
        OutputKind.DynamicallyLinkedLibrary,
        optimizationLevel: OptimizationLevel.Debug,
        nullableContextOptions: NullableContextOptions.Enable,
        allowUnsafe: false,
        deterministic: true);

    private static readonly EmitOptions EmitOptions = new(debugInformationFormat: DebugInformationFormat.PortablePdb);

    /// <exception cref="JobTypeException">The file does not compile (with the first error's line), or compiling took too long.</exception>
    public static CompiledAssembly Compile(JobTypeSource source, CSharpLimits limits)
    {
        using var timeout = new CancellationTokenSource(limits.CompileTimeout);
        var cancellationToken = timeout.Token;
        try
        {
            var tree = BudgetInstrumenter.Instrument(ScriptWrapper.Wrap(source, cancellationToken), cancellationToken);
            var name = AssemblyName(source);
            var compilation = CSharpCompilation.Create(name, [tree], FrameworkReferences.All, Options);
            compilation = LambdaInstrumenter.Instrument(compilation, cancellationToken);

            using var image = new MemoryStream();
            using var symbols = new MemoryStream();
            var result = compilation.Emit(image, symbols, options: EmitOptions, cancellationToken: cancellationToken);
            if (!result.Success)
            {
                var errors = result.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).OrderBy(d => d.Location.SourceSpan.Start).ToList();
                throw CompileErrors.From(errors, source);
            }
            return new CompiledAssembly(name, image.ToArray(), symbols.ToArray());
        }
        catch (OperationCanceledException e) when (timeout.IsCancellationRequested)
        {
            throw new JobTypeException($"compiling job type {source.Name} took longer than {limits.CompileTimeout.TotalSeconds:0.###} s", source.FilePath, innerException: e);
        }
    }

    /// <summary>Unique per file version, so each version is its own assembly in its own load context.</summary>
    private static string AssemblyName(JobTypeSource source)
    {
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(source.Text)))[..16];
        return $"flamenco-jobtype-{source.Name}-{hash}";
    }
}
