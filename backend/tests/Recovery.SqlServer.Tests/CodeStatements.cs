using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Recovery.BuildingBlocks.Data;

namespace Recovery.SqlServer.Tests;

/// <summary>One SQL Server statement the code can send, rendered from its source, with where it comes from.</summary>
public sealed record CodeStatement(string File, int Line, string Sql)
{
    public override string ToString() => $"{File}:{Line}";
}

/// <summary>
/// Finds the SQL statements in the C# sources with Roslyn (syntax only): the first argument of the Execute/Query/Prepare
/// calls and of <c>new CommandDefinition</c>, and const string fields that hold a whole statement. Each is rendered as SQL
/// Server would receive it: literals and interpolated strings with their holes filled (calls to the dialect evaluated with
/// the real <see cref="SqlServerDialect"/>, schema holes with the module's schema, conditional fragments with each of
/// their branches, constants and locals resolved in their file, the rest from <see cref="Holes"/>).
/// </summary>
public static class CodeStatements
{
    /// <summary>The methods that send a statement, with the position of the statement among their arguments.</summary>
    private static readonly Dictionary<string, int> SqlMethods = new()
    {
        ["ExecuteAsync"] = 0, ["ExecuteScalarAsync"] = 0, ["QueryAsync"] = 0, ["QuerySingleOrDefaultAsync"] = 0,
        ["QueryFirstOrDefaultAsync"] = 0, ["QueryUnbufferedAsync"] = 0, ["QuerySingleAsync"] = 0, ["QueryFirstAsync"] = 0,
        ["Prepare"] = 0, ["Execute"] = 0, ["Query"] = 0, ["ExecuteReaderAsync"] = 0, ["WriteAsync"] = 1,
    };

    /// <summary>Interpolation holes that are neither SQL nor resolvable in their file, with what they stand for.</summary>
    /// <summary>Interpolation holes that are neither SQL nor resolvable, with what they stand for ("*|" in any file).</summary>
    public static readonly Dictionary<string, string[]> Holes = new()
    {
        // MigrationRunner / Database / leases / outbox: the schema name in a variable.
        ["*|s"] = ["debtors"],
        ["*|schema"] = ["debtors"],
        ["*|Schema"] = ["debtors"],
        ["*|db.Schema"] = ["debtors"],
        ["Communication/Features/Negativacao/Negativacoes.cs|string.Join(\" AND \", filters)"] = ["debtor_id = @DebtorId AND status = @Status AND removed_late = @Late"],
        // Aging: the (where, args) pair of Aged(asOf, filter).
        ["Reporting/Features/Aging/Aging.cs|where"] = ["d.status = 'open' AND d.due_date < @AsOf", "d.status = 'open' AND d.due_date < @AsOf AND d.partner_id = @PartnerId AND LOWER(d.portfolio_code) = @PortfolioCode"],
    };

    /// <summary>
    /// Statements and fragments that only ever run on SQLite, behind a provider check: skipped, by name. A branch of a
    /// conditional named here is left out; a method named here is not read at all.
    /// </summary>
    public static readonly (string File, string Name, string Why)[] SqliteOnly =
    [
        ("Debtors/Features/Debtors/SearchDebtors.cs", "ByNameSqlite", "the prefix range; SQL Server gets ByNameSqlServer"),
        ("Recovery.Platform/AuditTrail/AuditChain.cs", "LastHashSqlite", "LIMIT 1; SQL Server gets LastHashSqlServer (TOP 1 with UPDLOCK)"),
        ("Recovery.BuildingBlocks/Data/Migrations.cs", "RunSqliteAsync", "SQLite's journal table and WAL pragma"),
        ("Recovery.BuildingBlocks/Data/Database.cs", "OpenAsync", "ATTACH and PRAGMA of a SQLite connection (SQL Server opens a SqlConnection)"),
        ("Recovery.BuildingBlocks/Data/ModuleDb.cs", "OpenForScanAsync", "PRAGMA mmap_size, after the IsSqlServer return"),
        ("Recovery.BuildingBlocks/Data/DbSession.cs", "DisposeAsync", "PRAGMA mmap_size again after a scan (Unmapped is only set on SQLite)"),
    ];

    public static readonly ISqlDialect Dialect = new SqlServerDialect();

    public static (List<CodeStatement> Statements, List<string> Unresolved) Extract(string root)
    {
        var src = Path.Combine(root, "backend/src");
        return Extract(Directory.GetFiles(src, "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains("/obj/") && !f.Contains("/bin/")).Order(StringComparer.Ordinal)
            .Select(path => (Path.GetRelativePath(src, path).Replace("Modules/", ""), File.ReadAllText(path))));
    }

    /// <summary>The statements of C# sources given as (path under backend/src without "Modules/", text).</summary>
    public static (List<CodeStatement> Statements, List<string> Unresolved) Extract(IEnumerable<(string Relative, string Text)> sources)
    {
        var statements = new List<CodeStatement>();
        var unresolved = new List<string>();
        var corpus = new Corpus(sources.Select(s => (s.Relative, CSharpSyntaxTree.ParseText(s.Text).GetRoot())));
        foreach (var file in corpus.Files)
            foreach (var (node, expression) in file.Candidates())
            {
                var line = node.GetLocation().GetLineSpan().StartLinePosition.Line + 1;
                var variants = corpus.Render(expression, Env.Empty, 0);
                if (variants is null) { unresolved.Add($"{file.Relative}:{line}: {expression}"); continue; }
                foreach (var sql in variants.Distinct())
                    if (!string.IsNullOrWhiteSpace(sql)) statements.Add(new CodeStatement(file.Relative, line, DapperLists(sql)));
            }
        return (statements.DistinctBy(s => (s.File, s.Sql)).ToList(), unresolved);
    }

    /// <summary>Dapper expands <c>IN @List</c> into <c>IN (@List1, @List2)</c> before the statement leaves.</summary>
    private static string DapperLists(string sql) =>
        System.Text.RegularExpressions.Regex.Replace(sql, @"\bIN\s+@(\w+)", "IN (@${1}1, @${1}2)", System.Text.RegularExpressions.RegexOptions.IgnoreCase);

    private sealed record Env(IReadOnlyDictionary<string, List<string>?> Bound)
    {
        public static readonly Env Empty = new(new Dictionary<string, List<string>?>());
    }

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
                ?? (Holes.TryGetValue(FileOf(e).Relative + "|" + e, out var values) || Holes.TryGetValue("*|" + e, out values) ? [.. values] : null);

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
                    return ["debtors"];
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
