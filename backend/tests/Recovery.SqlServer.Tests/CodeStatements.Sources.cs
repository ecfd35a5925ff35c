using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Recovery.BuildingBlocks.Data;

namespace Recovery.SqlServer.Tests;

/// <summary>Where statements are found in one source file, and what its names stand for.</summary>
public static partial class CodeStatements
{
    private sealed class SourceFile(Corpus corpus, string relative, SyntaxNode root)
    {
        public string Relative => relative;
        public SyntaxNode Root => root;

        public bool Skipped(string name) => SqliteOnly.Any(x => x.File == relative && x.Name == name);

        public IEnumerable<(SyntaxNode Node, ExpressionSyntax Sql)> Candidates()
        {
            foreach (var node in root.DescendantNodes())
            {
                if (node.Ancestors().OfType<MethodDeclarationSyntax>().FirstOrDefault() is { } method && Skipped(method.Identifier.Text)) continue;
                switch (node)
                {
                    case InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax access } call
                        when SqlMethods.TryGetValue(access.Name.Identifier.Text, out var at) && call.ArgumentList.Arguments.Count > at
                             && LooksLikeSql(call.ArgumentList.Arguments[at].Expression) && !Plumbing(call.ArgumentList.Arguments[at].Expression):
                        yield return (call, call.ArgumentList.Arguments[at].Expression);
                        break;
                    case ObjectCreationExpressionSyntax { Type: IdentifierNameSyntax { Identifier.Text: "CommandDefinition" } } create
                        when create.ArgumentList is { Arguments.Count: > 0 } args && LooksLikeSql(args.Arguments[0].Expression) && !Plumbing(args.Arguments[0].Expression):
                        yield return (create, args.Arguments[0].Expression);
                        break;
                    case AssignmentExpressionSyntax { Left: MemberAccessExpressionSyntax { Name.Identifier.Text: "CommandText" } } assign when !Plumbing(assign.Right):
                        yield return (assign, assign.Right);
                        break;
                    case FieldDeclarationSyntax field when field.Modifiers.Any(SyntaxKind.ConstKeyword):
                        foreach (var v in field.Declaration.Variables)
                            if (v.Initializer?.Value is { } value && !Skipped(v.Identifier.Text) && IsWholeStatement(value))
                                yield return (v, value);
                        break;
                }
            }
        }

        /// <summary>
        /// The data layer handing on a statement it was given (DbSession's Command(sql, ...), a parameter of a method that
        /// sends SQL, the constructor of a prepared statement): the statement is read where it is written, at the callers.
        /// </summary>
        private bool Plumbing(ExpressionSyntax e) => e switch
        {
            InvocationExpressionSyntax { Expression: IdentifierNameSyntax { Identifier.Text: "Command" } } => true,
            IdentifierNameSyntax i when Local(i) is null => i.Ancestors().FirstOrDefault(a => a is BaseMethodDeclarationSyntax) switch
            {
                ConstructorDeclarationSyntax c => c.ParameterList.Parameters.Any(p => p.Identifier.Text == i.Identifier.Text),
                MethodDeclarationSyntax m => SqlMethods.ContainsKey(m.Identifier.Text) && m.ParameterList.Parameters.Any(p => p.Identifier.Text == i.Identifier.Text),
                _ => false,
            },
            _ => false,
        };

        // A string, or something that resolves to one (not a prepared statement's values, a token or a command object).
        private bool LooksLikeSql(ExpressionSyntax e) => e switch
        {
            LiteralExpressionSyntax l => l.IsKind(SyntaxKind.StringLiteralExpression),
            InterpolatedStringExpressionSyntax => true,
            IdentifierNameSyntax i => Local(i) is { } r ? LooksLikeSql(r)
                : Parameter(i) is { Type: PredefinedTypeSyntax t } && t.Keyword.IsKind(SyntaxKind.StringKeyword),
            BinaryExpressionSyntax b => b.IsKind(SyntaxKind.AddExpression),
            ConditionalExpressionSyntax c => LooksLikeSql(c.WhenTrue) || LooksLikeSql(c.WhenFalse),
            InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax m } => m.Name.Identifier.Text is "Limit" or "InsertIgnore",
            InvocationExpressionSyntax { Expression: IdentifierNameSyntax { Identifier.Text: "Command" } } => true,
            InvocationExpressionSyntax { Expression: IdentifierNameSyntax n } => Method(n.Identifier.Text) is { ExpressionBody: not null },
            MemberAccessExpressionSyntax { Expression: IdentifierNameSyntax owner } m =>
                corpus.Member(owner.Identifier.Text, m.Name.Identifier.Text) is { } v && LooksLikeSql(v),
            _ => false,
        };

        private static readonly string[] Verbs = ["SELECT", "INSERT", "UPDATE", "DELETE", "WITH", "MERGE", "IF ", "EXEC"];

        private static bool IsWholeStatement(ExpressionSyntax value)
        {
            var text = value switch
            {
                LiteralExpressionSyntax l when l.IsKind(SyntaxKind.StringLiteralExpression) => l.Token.ValueText,
                InterpolatedStringExpressionSyntax s => string.Concat(s.Contents.OfType<InterpolatedStringTextSyntax>().Select(t => t.TextToken.ValueText)),
                _ => null,
            };
            return text is not null && Verbs.Any(v => text.TrimStart().StartsWith(v, StringComparison.OrdinalIgnoreCase));
        }

        public MethodDeclarationSyntax? Method(string name) =>
            root.DescendantNodes().OfType<MethodDeclarationSyntax>().FirstOrDefault(m => m.Identifier.Text == name);

        /// <summary>A local, const, field or property of this name seen from the node: the nearest enclosing scope first.</summary>
        public ExpressionSyntax? Local(IdentifierNameSyntax name)
        {
            var text = name.Identifier.Text;
            foreach (var scope in name.Ancestors())
            {
                if (scope is ForEachStatementSyntax loop && loop.Identifier.Text == text) return loop.Expression;
                if (scope is BlockSyntax or TypeDeclarationSyntax or CompilationUnitSyntax or BaseNamespaceDeclarationSyntax
                    && Declared(scope, text, inner: scope is BlockSyntax) is { } found) return found;
            }
            return null;
        }

        public static ExpressionSyntax? Declared(SyntaxNode scope, string name, bool inner)
        {
            var nodes = inner ? scope.DescendantNodes() : scope.ChildNodes().SelectMany(c => c is FieldDeclarationSyntax or PropertyDeclarationSyntax ? c.DescendantNodesAndSelf() : [c]);
            foreach (var node in nodes)
            {
                if (node is VariableDeclaratorSyntax v && v.Identifier.Text == name && v.Initializer is not null) return v.Initializer.Value;
                if (node is PropertyDeclarationSyntax p && p.Identifier.Text == name && (p.ExpressionBody?.Expression ?? p.Initializer?.Value) is { } e) return e;
            }
            return null;
        }

        public ParameterSyntax? Parameter(IdentifierNameSyntax name) =>
            name.Ancestors().OfType<MethodDeclarationSyntax>().FirstOrDefault()?.ParameterList.Parameters
                .FirstOrDefault(p => p.Identifier.Text == name.Identifier.Text);
    }
}
