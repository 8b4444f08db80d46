using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Flamenco.Plugins.JobCompilers.CSharp.Compilation;

/// <summary>
/// Checks the budget in expression-bodied lambdas (<c>x => f(x)</c>), the one body <see cref="BudgetInstrumenter"/>
/// cannot rewrite alone: whether the block must <c>return</c> the expression depends on the delegate type, which only
/// the semantic model knows. Without it, a lambda that calls itself through a delegate would overflow the stack.
/// </summary>
internal sealed class LambdaInstrumenter(SemanticModel model) : CSharpSyntaxRewriter
{
    /// <summary>A lambda keeps its arrow (<c>x => { … }</c>); the original arrow's trivia moves to the new block's brace.</summary>
    private static readonly SyntaxToken PlainArrow = SyntaxFactory.Token(SyntaxKind.EqualsGreaterThanToken);

    public static CSharpCompilation Instrument(CSharpCompilation compilation, CancellationToken cancellationToken)
    {
        var tree = compilation.SyntaxTrees.Single();
        var root = tree.GetRoot(cancellationToken);
        if (!root.DescendantNodes().Any(n => n is LambdaExpressionSyntax { ExpressionBody: not null })) return compilation;
        var rewritten = new LambdaInstrumenter(compilation.GetSemanticModel(tree)).Visit(root);
        return compilation.ReplaceSyntaxTree(tree, tree.WithRootAndOptions(rewritten, tree.Options));
    }

    public override SyntaxNode? VisitSimpleLambdaExpression(SimpleLambdaExpressionSyntax node)
    {
        var returnsValue = ReturnsValue(node);
        var visited = (SimpleLambdaExpressionSyntax)base.VisitSimpleLambdaExpression(node)!;
        return visited.ExpressionBody is { } body && returnsValue is { } value
            ? visited.WithExpressionBody(null).WithArrowToken(PlainArrow).WithBlock(BudgetInstrumenter.BlockOf(visited.ArrowToken, body, value))
            : visited;
    }

    public override SyntaxNode? VisitParenthesizedLambdaExpression(ParenthesizedLambdaExpressionSyntax node)
    {
        var returnsValue = ReturnsValue(node);
        var visited = (ParenthesizedLambdaExpressionSyntax)base.VisitParenthesizedLambdaExpression(node)!;
        return visited.ExpressionBody is { } body && returnsValue is { } value
            ? visited.WithExpressionBody(null).WithArrowToken(PlainArrow).WithBlock(BudgetInstrumenter.BlockOf(visited.ArrowToken, body, value))
            : visited;
    }

    /// <summary>Null when the lambda did not bind (the compile reports that error itself).</summary>
    private bool? ReturnsValue(LambdaExpressionSyntax lambda)
    {
        if (lambda.ExpressionBody is null || model.GetSymbolInfo(lambda).Symbol is not IMethodSymbol method) return null;
        if (method.ReturnsVoid) return false;
        // async () => await x: a Task-returning lambda whose body is awaited, not returned.
        return !(method.IsAsync && method.ReturnType is INamedTypeSymbol { IsGenericType: false, Name: "Task" or "ValueTask" });
    }

}
