using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Recovery.BuildingBlocks.Data;

namespace Recovery.SqlServer.Tests;

/// <summary>How an expression of the sources becomes the SQL texts it can take.</summary>
public static partial class CodeStatements
{
    private sealed class Corpus
    {
        private const int MaxVariants = 64;
        public List<SourceFile> Files { get; }
        private readonly Dictionary<SyntaxTree, SourceFile> _byTree;

        public Corpus(IEnumerable<(string Relative, SyntaxNode Root)> files)
        {
            Files = files.Select(f => new SourceFile(this, f.Relative, f.Root)).ToList();
            _byTree = Files.ToDictionary(f => f.Root.SyntaxTree);
        }

        private SourceFile FileOf(SyntaxNode node) => _byTree[node.SyntaxTree];

        /// <summary>A member of a type by the type's simple name, anywhere in the sources.</summary>
        public ExpressionSyntax? Member(string type, string member) =>
            Files.SelectMany(f => f.Root.DescendantNodes().OfType<TypeDeclarationSyntax>())
                .Where(t => t.Identifier.Text == type)
                .Select(t => SourceFile.Declared(t, member, inner: false))
                .FirstOrDefault(e => e is not null);

        /// <summary>Every text the expression can take, or null when part of it cannot be told.</summary>
        public List<string>? Render(ExpressionSyntax e, Env env, int depth) =>
            depth > 16 ? null : Resolved(e, env, depth)
                ?? (Holes.TryGetValue(FileOf(e).Relative + "|" + e, out var values) || Holes.TryGetValue("*|" + e, out values)
                    ? values.Select(v => v.Replace(ModuleSchema, SchemaOf(FileOf(e).Relative))).ToList()
                    : null);

        private List<string>? Resolved(ExpressionSyntax e, Env env, int depth)
        {
            var file = FileOf(e);
            switch (e)
            {
                case ParenthesizedExpressionSyntax p:
                    return Render(p.Expression, env, depth + 1);
                case LiteralExpressionSyntax l:
                    return [l.Token.ValueText];
                case InterpolatedStringExpressionSyntax s:
                {
                    var results = new List<string> { "" };
                    foreach (var part in s.Contents)
                    {
                        var pieces = part switch
                        {
                            InterpolatedStringTextSyntax t => [t.TextToken.ValueText],
                            InterpolationSyntax h => Render(h.Expression, env, depth + 1),
                            _ => null,
                        };
                        if (pieces is null) return null;
                        results = Combine(results, pieces);
                    }
                    return results;
                }
                case BinaryExpressionSyntax b when b.IsKind(SyntaxKind.AddExpression):
                {
                    var left = Render(b.Left, env, depth + 1);
                    var right = Render(b.Right, env, depth + 1);
                    return left is null || right is null ? null : Combine(left, right);
                }
                case ConditionalExpressionSyntax c:
                {
                    var branches = new List<string>();
                    foreach (var branch in new[] { c.WhenTrue, c.WhenFalse })
                    {
                        if (branch is IdentifierNameSyntax id && file.Skipped(id.Identifier.Text)) continue;
                        if (Render(branch, env, depth + 1) is not { } values) return null;
                        branches.AddRange(values);
                    }
                    return branches;
                }
                case CollectionExpressionSyntax c:
                    return Elements(c.Elements.OfType<ExpressionElementSyntax>().Select(x => x.Expression), env, depth);
                case ArrayCreationExpressionSyntax { Initializer: { } init }:
                    return Elements(init.Expressions, env, depth);
                case ImplicitArrayCreationExpressionSyntax a:
                    return Elements(a.Initializer.Expressions, env, depth);
                case IdentifierNameSyntax i:
                {
                    var name = i.Identifier.Text;
                    if (env.Bound.TryGetValue(name, out var bound)) return bound;
                    if (file.Local(i) is { } local) return Render(local, env, depth + 1);
                    if (file.Parameter(i) is { } parameter) return Callers(parameter, depth);
                    return null;
                }
                case MemberAccessExpressionSyntax m when m.Name.Identifier.Text == "NewId":
                    return [Dialect.NewId];
                case MemberAccessExpressionSyntax m when m.Name.Identifier.Text is "Schema":
                    return [SchemaOf(file.Relative)];
                case MemberAccessExpressionSyntax m:
                {
                    var owner = m.Expression switch
                    {
                        IdentifierNameSyntax id => id.Identifier.Text,
                        MemberAccessExpressionSyntax inner => inner.Name.Identifier.Text,
                        _ => null,
                    };
                    return owner is not null && Member(owner, m.Name.Identifier.Text) is { } value ? Render(value, Env.Empty, depth + 1) : null;
                }
                case InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax m } call
                    when m.Name.Identifier.Text is "Limit" or "InsertIgnore" or "JsonIds" or "JsonTexts":
                {
                    var args = new List<List<string>>();
                    foreach (var a in call.ArgumentList.Arguments)
                        if (Render(a.Expression, env, depth + 1) is { } v) args.Add(v); else return null;
                    var combos = args.Aggregate(new List<string[]> { Array.Empty<string>() },
                        (acc, values) => acc.SelectMany(prefix => values.Select(v => prefix.Append(v).ToArray())).Take(MaxVariants).ToList());
                    return combos.Select(a => m.Name.Identifier.Text switch
                    {
                        "Limit" => Dialect.Limit(a[0], a[1]),
                        "InsertIgnore" => Dialect.InsertIgnore(a[0], a[1], a[2], a[3]),
                        "JsonIds" => Dialect.JsonIds(a[0]),
                        _ => Dialect.JsonTexts(a[0]),
                    }).ToList();
                }
                // ReportFilter.Where(alias, args[, agentColumn]): nothing, or every condition it can add.
                case InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax { Name.Identifier.Text: "Where" } } call
                    when call.ArgumentList.Arguments is [{ Expression: LiteralExpressionSyntax alias }, ..] arguments:
                {
                    var a = alias.Token.ValueText;
                    var all = $" AND {a}.partner_id = @PartnerId AND {a}.portfolio_id = @PortfolioId AND LOWER({a}.portfolio_code) = @PortfolioCode";
                    if (arguments.Count > 2 && arguments[2].Expression is LiteralExpressionSyntax agent) all += $" AND LOWER({agent.Token.ValueText}) = @Agent";
                    return ["", all];
                }
                // A method of the file with an expression body, its parameters bound to the arguments.
                case InvocationExpressionSyntax { Expression: IdentifierNameSyntax name } call
                    when file.Method(name.Identifier.Text) is { ExpressionBody: { } body } method:
                {
                    var bound = new Dictionary<string, List<string>?>();
                    for (var k = 0; k < method.ParameterList.Parameters.Count && k < call.ArgumentList.Arguments.Count; k++)
                        bound[method.ParameterList.Parameters[k].Identifier.Text] = Render(call.ArgumentList.Arguments[k].Expression, env, depth + 1);
                    return Render(body.Expression, new Env(bound), depth + 1);
                }
                default:
                    return null;
            }
        }

        private List<string>? Elements(IEnumerable<ExpressionSyntax> items, Env env, int depth)
        {
            var all = new List<string>();
            foreach (var item in items)
                if (Render(item, env, depth + 1) is { } v) all.AddRange(v); else return null;
            return all;
        }

        /// <summary>A string parameter passed through: what the callers of its method pass (the SQL plumbing itself is not read).</summary>
        private List<string>? Callers(ParameterSyntax parameter, int depth)
        {
            if (parameter.Parent?.Parent is not MethodDeclarationSyntax method || SqlMethods.ContainsKey(method.Identifier.Text)) return null;
            var index = method.ParameterList.Parameters.IndexOf(parameter);
            var name = method.Identifier.Text;
            var all = new List<string>();
            var calls = Files.SelectMany(f => f.Root.DescendantNodes().OfType<InvocationExpressionSyntax>())
                .Where(c => c.Expression switch
                {
                    IdentifierNameSyntax id => id.Identifier.Text == name,
                    MemberAccessExpressionSyntax m => m.Name.Identifier.Text == name,
                    _ => false,
                } && c.ArgumentList.Arguments.Count > index).ToList();
            if (calls.Count == 0) return null;
            foreach (var call in calls)
                if (Render(call.ArgumentList.Arguments[index].Expression, Env.Empty, depth + 1) is { } v) all.AddRange(v); else return null;
            return all;
        }

        private static List<string> Combine(List<string> left, List<string> right) =>
            left.SelectMany(l => right.Select(r => l + r)).Take(MaxVariants).ToList();
    }
}
