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
public static partial class CodeStatements
{
    /// <summary>The methods that send a statement, with the position of the statement among their arguments.</summary>
    private static readonly Dictionary<string, int> SqlMethods = new()
    {
        ["ExecuteAsync"] = 0, ["ExecuteScalarAsync"] = 0, ["QueryAsync"] = 0, ["QuerySingleOrDefaultAsync"] = 0,
        ["QueryFirstOrDefaultAsync"] = 0, ["QueryUnbufferedAsync"] = 0, ["QuerySingleAsync"] = 0, ["QueryFirstAsync"] = 0,
        ["Prepare"] = 0, ["Execute"] = 0, ["Query"] = 0, ["ExecuteReaderAsync"] = 0, ["WriteAsync"] = 1,
    };

    /// <summary>Interpolation holes that are neither SQL nor resolvable, with what they stand for ("*|" in any file).</summary>
    public static readonly Dictionary<string, string[]> Holes = new()
    {
        // MigrationRunner / Database / leases / outbox / health: the schema name in a variable ({module}: the file's own).
        ["*|s"] = [ModuleSchema],
        ["*|schema"] = [ModuleSchema],
        ["*|Schema"] = [ModuleSchema],
        ["*|db.Schema"] = [ModuleSchema],
        // Debtors' scope of ADR 0026 (DebtScope.Where), as the SQL Server dialect renders it.
        ["*|DebtScope.Where(db.Dialect)"] =
        [
            "(@ScopeAll = 1 OR (@ScopeAgency IS NULL AND i.portfolio_id IN (SELECT CAST([value] AS UNIQUEIDENTIFIER) FROM OPENJSON(@ScopePortfolios))) " +
            "OR EXISTS (SELECT 1 FROM debtors.placement pl WHERE pl.invoice_id = i.id AND pl.agency_id = @ScopeAgency AND pl.starts_at <= @ScopeNow AND pl.ends_at > @ScopeNow))",
        ],
        ["Communication/Features/Negativacao/ListNegativacoes.cs|where"] = ["", "WHERE debtor_id = @DebtorId AND status = @Status AND removed_late = @Late"],
        // ListMessages: MessageView.Columns, each prefixed with the message's alias.
        ["Communication/Features/Messages/ListMessages.cs|string.Join(\", \", MessageView.Columns.Split(\", \").Select(c => \"m.\" + c))"] =
            ["m.id, m.invoice_id, m.debtor_id, m.channel, m.template_code, m.step_key, m.status, m.not_before, m.attempts, m.reason, m.created_by, m.created_at, m.sent_at, m.delivered_at, m.agreement_id, m.installment_number"],
        // Aging: the (where, args) pair of Aged(asOf, filter).
        ["Reporting/Features/Aging/Aging.cs|where"] = ["d.status = 'open' AND d.due_date < @AsOf", "d.status = 'open' AND d.due_date < @AsOf AND d.partner_id = @PartnerId AND LOWER(d.portfolio_code) = @PortfolioCode"],
    };

    /// <summary>
    /// Statements and fragments that only ever run on SQLite, behind a provider check: skipped, by name. A branch of a
    /// conditional named here is left out; a method named here is not read at all.
    /// </summary>
    public static readonly (string File, string Name, string Why)[] SqliteOnly =
    [
        ("Recovery.Platform/AuditTrail/AuditChain.cs", "LastHashSqlite", "LIMIT 1; SQL Server gets LastHashSqlServer (TOP 1 with UPDLOCK)"),
        ("Recovery.BuildingBlocks/Data/Migrations.cs", "RunSqliteAsync", "SQLite's journal table and WAL pragma"),
        ("Recovery.BuildingBlocks/Data/Database.cs", "OpenAsync", "ATTACH and PRAGMA of a SQLite connection (SQL Server opens a SqlConnection)"),
        ("Recovery.BuildingBlocks/Data/ModuleDb.cs", "OpenForScanAsync", "PRAGMA mmap_size, after the IsSqlServer return"),
        ("Recovery.BuildingBlocks/Data/DbSession.cs", "DisposeAsync", "PRAGMA mmap_size again after a scan (Unmapped is only set on SQLite)"),
        ("Recovery.BuildingBlocks/Data/Backups/SqliteBackup.cs", "TryPinAsync", "the backup of SQLite files (SQL Server backs up itself): PRAGMA busy_timeout"),
        ("Recovery.BuildingBlocks/Data/Backups/SqliteBackup.cs", "Copy", "PRAGMA journal_mode of the copied SQLite file"),
        ("Recovery.Platform/AuditTrail/AuditCheckpoints.cs", "HeadSqlite", "LIMIT 1; SQL Server gets HeadSqlServer (TOP 1 with UPDLOCK)"),
    ];

    public static readonly ISqlDialect Dialect = new SqlServerDialect();

    /// <summary>Stands for the schema of the module a file belongs to (building blocks, which serve all: debtors).</summary>
    private const string ModuleSchema = "{module}";

    private static readonly string[] Schemas = ["platform", "debtors", "negotiation", "communication", "reporting", "escalation"];

    private static string SchemaOf(string relative)
    {
        var first = relative.Split('/')[0].Replace("Recovery.", "").ToLowerInvariant();
        return Schemas.Contains(first) ? first : "debtors";
    }

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
}
