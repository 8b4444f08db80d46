using Flamenco.Plugins.JobCompilers.CSharp.Running;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Flamenco.Plugins.JobCompilers.CSharp.Compilation;

/// <summary>
/// Weaves a call to <see cref="ExecutionBudget.Check"/> into job-type code wherever it could run for ever: at the start
/// of every loop body, before every <c>goto</c>, and at the start of every method, constructor, accessor, local
/// function and block-bodied lambda (which also catches runaway recursion before the stack overflows). Expression
/// bodies are turned into blocks for that. Expression-bodied lambdas need to know their return type and are left to
/// <see cref="LambdaInstrumenter"/>.
/// </summary>
/// <remarks>
/// Nothing woven in carries a line break, and every token of the author's code keeps its trivia, so line numbers
/// (compile errors, stack traces) stay those of the author's file.
/// </remarks>
internal sealed class BudgetInstrumenter : CSharpSyntaxRewriter
{
    private static readonly StatementSyntax CheckStatement =
        SyntaxFactory.ParseStatement($"global::{typeof(ExecutionBudget).FullName}.{nameof(ExecutionBudget.Check)}();");

    public static SyntaxTree Instrument(SyntaxTree tree, CancellationToken cancellationToken)
    {
        var root = new BudgetInstrumenter().Visit(tree.GetRoot(cancellationToken));
        return tree.WithRootAndOptions(root, tree.Options);
    }

    /// <summary><paramref name="body"/> with the check in front; a block stays one block.</summary>
    public static BlockSyntax Prepend(StatementSyntax body) => body is BlockSyntax block
        ? block.WithStatements(block.Statements.Insert(0, CheckStatement))
        : SyntaxFactory.Block(CheckStatement, body);

    /// <summary>An expression body as a checked block: <c>=> x</c> becomes <c>{ Check(); return x; }</c>.</summary>
    public static BlockSyntax BlockOf(ArrowExpressionClauseSyntax arrow, bool returnsValue) => BlockOf(arrow.ArrowToken, arrow.Expression, returnsValue);

    public static BlockSyntax BlockOf(SyntaxToken arrow, ExpressionSyntax expression, bool returnsValue)
    {
        StatementSyntax statement = expression switch
        {
            ThrowExpressionSyntax thrown => SyntaxFactory.ThrowStatement(default, thrown.ThrowKeyword, thrown.Expression, SyntaxFactory.Token(SyntaxKind.SemicolonToken)),
            _ when returnsValue => SyntaxFactory.ReturnStatement(SyntaxFactory.Token(SyntaxKind.ReturnKeyword).WithTrailingTrivia(SyntaxFactory.Space), expression, SyntaxFactory.Token(SyntaxKind.SemicolonToken)),
            _ => SyntaxFactory.ExpressionStatement(expression),
        };
        // The arrow's trivia goes to the brace that replaces it, so no line break is lost.
        return SyntaxFactory.Block(CheckStatement, statement)
            .WithOpenBraceToken(SyntaxFactory.Token(arrow.LeadingTrivia, SyntaxKind.OpenBraceToken, arrow.TrailingTrivia));
    }

    public override SyntaxNode? VisitWhileStatement(WhileStatementSyntax node)
    {
        var visited = (WhileStatementSyntax)base.VisitWhileStatement(node)!;
        return visited.WithStatement(Prepend(visited.Statement));
    }

    public override SyntaxNode? VisitDoStatement(DoStatementSyntax node)
    {
        var visited = (DoStatementSyntax)base.VisitDoStatement(node)!;
        return visited.WithStatement(Prepend(visited.Statement));
    }

    public override SyntaxNode? VisitForStatement(ForStatementSyntax node)
    {
        var visited = (ForStatementSyntax)base.VisitForStatement(node)!;
        return visited.WithStatement(Prepend(visited.Statement));
    }

    public override SyntaxNode? VisitForEachStatement(ForEachStatementSyntax node)
    {
        var visited = (ForEachStatementSyntax)base.VisitForEachStatement(node)!;
        return visited.WithStatement(Prepend(visited.Statement));
    }

    public override SyntaxNode? VisitForEachVariableStatement(ForEachVariableStatementSyntax node)
    {
        var visited = (ForEachVariableStatementSyntax)base.VisitForEachVariableStatement(node)!;
        return visited.WithStatement(Prepend(visited.Statement));
    }

    public override SyntaxNode? VisitGotoStatement(GotoStatementSyntax node) => Prepend((GotoStatementSyntax)base.VisitGotoStatement(node)!);

    public override SyntaxNode? VisitMethodDeclaration(MethodDeclarationSyntax node)
    {
        var visited = (MethodDeclarationSyntax)base.VisitMethodDeclaration(node)!;
        if (visited.Body is { } body) return visited.WithBody(Prepend(body));
        if (visited.ExpressionBody is not { } arrow) return visited; // abstract, partial or extern
        return WithBlock(visited, BlockOf(arrow, ReturnsValue(visited.ReturnType, visited.Modifiers)), visited.SemicolonToken);
    }

    public override SyntaxNode? VisitLocalFunctionStatement(LocalFunctionStatementSyntax node)
    {
        var visited = (LocalFunctionStatementSyntax)base.VisitLocalFunctionStatement(node)!;
        if (visited.Body is { } body) return visited.WithBody(Prepend(body));
        if (visited.ExpressionBody is not { } arrow) return visited;
        return visited.WithExpressionBody(null)
            .WithSemicolonToken(SyntaxFactory.MissingToken(SyntaxKind.SemicolonToken))
            .WithBody(WithTrailing(BlockOf(arrow, ReturnsValue(visited.ReturnType, visited.Modifiers)), visited.SemicolonToken));
    }

    public override SyntaxNode? VisitConstructorDeclaration(ConstructorDeclarationSyntax node)
    {
        var visited = (ConstructorDeclarationSyntax)base.VisitConstructorDeclaration(node)!;
        if (visited.Body is { } body) return visited.WithBody(Prepend(body));
        return visited.ExpressionBody is { } arrow ? WithBlock(visited, BlockOf(arrow, returnsValue: false), visited.SemicolonToken) : visited;
    }

    public override SyntaxNode? VisitOperatorDeclaration(OperatorDeclarationSyntax node)
    {
        var visited = (OperatorDeclarationSyntax)base.VisitOperatorDeclaration(node)!;
        if (visited.Body is { } body) return visited.WithBody(Prepend(body));
        return visited.ExpressionBody is { } arrow ? WithBlock(visited, BlockOf(arrow, returnsValue: true), visited.SemicolonToken) : visited;
    }

    public override SyntaxNode? VisitConversionOperatorDeclaration(ConversionOperatorDeclarationSyntax node)
    {
        var visited = (ConversionOperatorDeclarationSyntax)base.VisitConversionOperatorDeclaration(node)!;
        if (visited.Body is { } body) return visited.WithBody(Prepend(body));
        return visited.ExpressionBody is { } arrow ? WithBlock(visited, BlockOf(arrow, returnsValue: true), visited.SemicolonToken) : visited;
    }

    public override SyntaxNode? VisitAccessorDeclaration(AccessorDeclarationSyntax node)
    {
        var visited = (AccessorDeclarationSyntax)base.VisitAccessorDeclaration(node)!;
        if (visited.Body is { } body) return visited.WithBody(Prepend(body));
        if (visited.ExpressionBody is not { } arrow) return visited; // auto-property accessor
        var returnsValue = visited.IsKind(SyntaxKind.GetAccessorDeclaration);
        return visited.WithExpressionBody(null)
            .WithSemicolonToken(default)
            .WithBody(WithTrailing(BlockOf(arrow, returnsValue), visited.SemicolonToken));
    }

    public override SyntaxNode? VisitPropertyDeclaration(PropertyDeclarationSyntax node)
    {
        var visited = (PropertyDeclarationSyntax)base.VisitPropertyDeclaration(node)!;
        return visited.ExpressionBody is { } arrow
            ? visited.WithExpressionBody(null).WithSemicolonToken(default).WithAccessorList(Getter(arrow, visited.SemicolonToken))
            : visited;
    }

    public override SyntaxNode? VisitIndexerDeclaration(IndexerDeclarationSyntax node)
    {
        var visited = (IndexerDeclarationSyntax)base.VisitIndexerDeclaration(node)!;
        return visited.ExpressionBody is { } arrow
            ? visited.WithExpressionBody(null).WithSemicolonToken(default).WithAccessorList(Getter(arrow, visited.SemicolonToken))
            : visited;
    }

    public override SyntaxNode? VisitAnonymousMethodExpression(AnonymousMethodExpressionSyntax node)
    {
        var visited = (AnonymousMethodExpressionSyntax)base.VisitAnonymousMethodExpression(node)!;
        return visited.WithBlock(Prepend(visited.Block));
    }

    public override SyntaxNode? VisitParenthesizedLambdaExpression(ParenthesizedLambdaExpressionSyntax node)
    {
        var visited = (ParenthesizedLambdaExpressionSyntax)base.VisitParenthesizedLambdaExpression(node)!;
        return visited.Block is { } block ? visited.WithBlock(Prepend(block)) : visited;
    }

    public override SyntaxNode? VisitSimpleLambdaExpression(SimpleLambdaExpressionSyntax node)
    {
        var visited = (SimpleLambdaExpressionSyntax)base.VisitSimpleLambdaExpression(node)!;
        return visited.Block is { } block ? visited.WithBlock(Prepend(block)) : visited;
    }

    /// <summary>
    /// Whether an expression body yields a value: not for <c>void</c>, nor for <c>async Task</c>/<c>async ValueTask</c>
    /// (their body is awaited, not returned).
    /// </summary>
    private static bool ReturnsValue(TypeSyntax returnType, SyntaxTokenList modifiers)
    {
        if (returnType is PredefinedTypeSyntax predefined && predefined.Keyword.IsKind(SyntaxKind.VoidKeyword)) return false;
        var isAsync = modifiers.Any(SyntaxKind.AsyncKeyword);
        var name = returnType switch
        {
            QualifiedNameSyntax qualified => qualified.Right,
            AliasQualifiedNameSyntax alias => alias.Name,
            _ => returnType,
        };
        return !(isAsync && name is IdentifierNameSyntax { Identifier.Text: "Task" or "ValueTask" });
    }

    private static T WithBlock<T>(T member, BlockSyntax body, SyntaxToken semicolon) where T : BaseMethodDeclarationSyntax =>
        (T)member.WithExpressionBody(null).WithSemicolonToken(default).WithBody(WithTrailing(body, semicolon));

    /// <summary>The dropped semicolon's trivia (usually the line break) moves to the closing brace.</summary>
    private static BlockSyntax WithTrailing(BlockSyntax block, SyntaxToken semicolon) =>
        block.WithCloseBraceToken(SyntaxFactory.Token(semicolon.LeadingTrivia, SyntaxKind.CloseBraceToken, semicolon.TrailingTrivia));

    private static AccessorListSyntax Getter(ArrowExpressionClauseSyntax arrow, SyntaxToken semicolon) =>
        SyntaxFactory.AccessorList(SyntaxFactory.SingletonList(
                SyntaxFactory.AccessorDeclaration(SyntaxKind.GetAccessorDeclaration, BlockOf(arrow, returnsValue: true))))
            .WithCloseBraceToken(SyntaxFactory.Token(semicolon.LeadingTrivia, SyntaxKind.CloseBraceToken, semicolon.TrailingTrivia));
}
