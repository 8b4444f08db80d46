using System.Text;
using Flamenco.Plugins.JobCompilers.CSharp.Authoring;
using Flamenco.Plugins.JobTypes;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Flamenco.Plugins.JobCompilers.CSharp.Compilation;

/// <summary>
/// Turns a <c>.csx</c> job-type file into an ordinary C# class deriving from <see cref="JobTypeScript"/>. The file is
/// parsed as a script (which allows top-level statements between member declarations), then laid out again: usings
/// first, top-level statements into <c>RunTopLevel</c>, everything else as class members. Each piece is preceded by a
/// <c>#line</c> directive, so compile errors and stack traces point at the author's own file and line.
/// </summary>
internal static class ScriptWrapper
{
    public const string ClassName = "CompiledJobType";

    private static readonly CSharpParseOptions ScriptOptions = new(LanguageVersion.Latest, kind: SourceCodeKind.Script);
    private static readonly CSharpParseOptions RegularOptions = new(LanguageVersion.Latest);

    private static readonly string Prelude = $"""
        #line hidden
        using System;
        using System.Collections.Generic;
        using System.Linq;
        using {typeof(JobTypeScript).Namespace};
        using CrossPath = {typeof(Plugins.Authoring.CrossPath).FullName};

        """;

    /// <exception cref="JobTypeException">The file does not parse, or is not shaped like a job type.</exception>
    public static SyntaxTree Wrap(JobTypeSource source, CancellationToken cancellationToken)
    {
        var script = CSharpSyntaxTree.ParseText(source.Text, ScriptOptions, source.FilePath, Encoding.UTF8, cancellationToken);
        var errors = script.GetDiagnostics(cancellationToken).Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
        if (errors.Count > 0) throw CompileErrors.From(errors, source);
        var root = script.GetCompilationUnitRoot(cancellationToken);
        CheckShape(root, source);

        var lineName = CompileErrors.LineDirectiveName(source);
        var text = new StringBuilder(Prelude, source.Text.Length + 1024);
        foreach (var directive in root.Usings) AppendMapped(text, directive, lineName);
        text.Append($$"""
            #line hidden
            public sealed class {{ClassName}} : global::{{typeof(JobTypeScript).FullName}}
            {
            protected override void RunTopLevel()
            {

            """);
        foreach (var statement in root.Members.OfType<GlobalStatementSyntax>()) AppendMapped(text, statement.Statement, lineName);
        text.Append($$"""
            #line hidden
            }
            protected override void RunCompileJob(global::{{typeof(Job).FullName}} job) => CompileJob(job);

            """);
        foreach (var member in root.Members.Where(m => m is not GlobalStatementSyntax)) AppendMapped(text, member, lineName);
        text.Append("#line hidden\n}\n");
        return CSharpSyntaxTree.ParseText(text.ToString(), RegularOptions, "", Encoding.UTF8, cancellationToken);
    }

    /// <summary>Refuses what the wrapping cannot carry over, and what no job type should do, with the author's line.</summary>
    private static void CheckShape(CompilationUnitSyntax root, JobTypeSource source)
    {
        var file = Path.GetFileName(source.FilePath);
        if (root.GetReferenceDirectives().FirstOrDefault() is { } reference) throw Refused(reference, "#r is not supported: job types compile against .NET and the author API only", source);
        if (root.GetLoadDirectives().FirstOrDefault() is { } load) throw Refused(load, "#load is not supported", source);
        if (root.AttributeLists.FirstOrDefault() is { } attributes) throw Refused(attributes, "assembly attributes are not supported", source);
        if (root.Externs.FirstOrDefault() is { } alias) throw Refused(alias, "extern aliases are not supported", source);
        // A large stackalloc overflows the stack, which no check can catch and which ends the whole process.
        if (root.DescendantNodes().FirstOrDefault(n => n is StackAllocArrayCreationExpressionSyntax or ImplicitStackAllocArrayCreationExpressionSyntax) is { } stackAllocation)
        {
            throw Refused(stackAllocation, "stackalloc is not allowed in job types", source);
        }
        var compileJob = root.Members.OfType<MethodDeclarationSyntax>().FirstOrDefault(m => m.Identifier.Text == "CompileJob");
        if (compileJob is null) throw new JobTypeException($"job type file ({file}) does not define a CompileJob(Job job) method", source.FilePath);
        if (compileJob.ParameterList.Parameters.Count != 1)
        {
            throw Refused(compileJob, "CompileJob must take exactly one parameter: void CompileJob(Job job)", source);
        }
    }

    private static JobTypeException Refused(SyntaxNode node, string message, JobTypeSource source) =>
        new(message, source.FilePath, CompileErrors.LineOf(node.GetLocation(), source));

    private static void AppendMapped(StringBuilder text, SyntaxNode node, string lineName)
    {
        var start = node.GetLocation().GetLineSpan().StartLinePosition;
        text.Append("#line ").Append(start.Line + 1).Append(" \"").Append(lineName).Append("\"\n");
        // Same column too, so the author's text is character for character where it was.
        text.Append(' ', start.Character).Append(node.ToString()).Append('\n');
    }
}
