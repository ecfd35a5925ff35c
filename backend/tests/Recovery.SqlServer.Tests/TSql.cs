using Microsoft.SqlServer.TransactSql.ScriptDom;
using NUnit.Framework;

namespace Recovery.SqlServer.Tests;

/// <summary>SQL Server's own parser (SQL Server 2022 grammar) and the repository's files.</summary>
public static class TSql
{
    public static readonly string Root = FindRoot();

    private static string FindRoot()
    {
        var dir = new DirectoryInfo(TestContext.CurrentContext.TestDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Recovery.sln"))) dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("Recovery.sln not found above the test directory.");
    }

    public static (TSqlFragment Script, IList<ParseError> Errors) Parse(string sql)
    {
        var parser = new TSql160Parser(initialQuotedIdentifiers: true);
        using var reader = new StringReader(sql);
        var script = parser.Parse(reader, out var errors);
        return (script, errors);
    }

    /// <summary>
    /// What is wrong with a statement for SQL Server: the parser's errors, and functions that only SQLite has (the
    /// parser takes any name for a function, so <c>json_each(@Ids)</c> would pass it).
    /// </summary>
    public static List<string> Problems(string sql)
    {
        var (script, errors) = Parse(sql);
        var problems = errors.Select(e => $"line {e.Line}, col {e.Column}: {e.Message}").ToList();
        if (errors.Count == 0)
        {
            if (script.ScriptTokenStream.Any(t => t.Text is "||" or "||="))
                problems.Add("|| concatenation needs SQL Server 2025; 2019 and 2022 take + or CONCAT");
            var calls = new FunctionNames();
            script.Accept(calls);
            problems.AddRange(calls.Names.Where(n => !BuiltIns.Contains(n)).Distinct()
                .Select(n => $"{n}() is not a SQL Server built-in function"));
            foreach (var nested in DynamicSql(script))
                problems.AddRange(Problems(nested).Select(p => "inside EXEC: " + p));
            problems.AddRange(calls.BooleanLiterals.Distinct().Select(b => $"{b} is a column name to SQL Server, not a boolean: write 1 or 0"));
            problems.AddRange(calls.AggregatesOverSubqueries.Distinct()
                .Select(n => $"{n}() over a subquery or EXISTS: SQL Server refuses it (Msg 130)"));
        }
        return problems;
    }

    /// <summary>The statements a script runs through <c>EXEC(N'...')</c> with a literal text.</summary>
    public static List<string> DynamicSql(TSqlFragment script)
    {
        var visitor = new ExecLiterals();
        script.Accept(visitor);
        return visitor.Texts;
    }

    private sealed class ExecLiterals : TSqlFragmentVisitor
    {
        public List<string> Texts { get; } = [];

        public override void Visit(ExecutableStringList node)
        {
            if (node.Strings.All(s => s is StringLiteral)) Texts.Add(string.Concat(node.Strings.Cast<StringLiteral>().Select(s => s.Value)));
        }
    }

    /// <summary>The SQL Server built-in functions the code may call (a function not listed here fails the check).</summary>
    public static readonly HashSet<string> BuiltIns = new(StringComparer.OrdinalIgnoreCase)
    {
        "COUNT", "SUM", "MIN", "MAX", "AVG", "COUNT_BIG", "COALESCE", "ISNULL", "NULLIF", "IIF", "CAST", "CONVERT",
        "LEN", "DATALENGTH", "LOWER", "UPPER", "SUBSTRING", "LEFT", "RIGHT", "REPLACE", "CONCAT", "TRIM", "LTRIM", "RTRIM",
        "CHARINDEX", "ABS", "ROUND", "FLOOR", "CEILING", "DATEADD", "DATEDIFF", "DATEPART", "DATEFROMPARTS", "EOMONTH",
        "YEAR", "MONTH", "DAY", "SYSUTCDATETIME", "SYSDATETIMEOFFSET", "GETUTCDATE", "NEWID", "ROW_NUMBER", "RANK",
        "OPENJSON", "JSON_VALUE", "OBJECT_ID", "SCHEMA_ID", "INDEXPROPERTY", "COL_LENGTH", "SERVERPROPERTY", "FORMAT",
        "STRING_AGG", "HASHBYTES", "EXISTS", "TODATETIMEOFFSET", "SWITCHOFFSET", "CHOOSE", "SIGN", "POWER", "SQRT",
    };

    private sealed class FunctionNames : TSqlFragmentVisitor
    {
        public List<string> Names { get; } = [];
        public List<string> AggregatesOverSubqueries { get; } = [];
        public List<string> BooleanLiterals { get; } = [];

        public override void Visit(ColumnReferenceExpression node)
        {
            if (node.MultiPartIdentifier?.Identifiers is [{ QuoteType: QuoteType.NotQuoted } only]
                && only.Value.ToUpperInvariant() is "TRUE" or "FALSE")
                BooleanLiterals.Add(only.Value.ToUpperInvariant());
        }

        public override void Visit(FunctionCall node)
        {
            Names.Add(node.FunctionName.Value);
            if (Aggregates.Contains(node.FunctionName.Value))
            {
                var inner = new Subqueries();
                foreach (var p in node.Parameters) p.Accept(inner);
                if (inner.Found) AggregatesOverSubqueries.Add(node.FunctionName.Value.ToUpperInvariant());
            }
        }

        private static readonly HashSet<string> Aggregates = new(StringComparer.OrdinalIgnoreCase) { "SUM", "COUNT", "AVG", "MIN", "MAX", "COUNT_BIG", "STRING_AGG" };

        private sealed class Subqueries : TSqlFragmentVisitor
        {
            public bool Found { get; private set; }
            public override void Visit(ScalarSubquery node) => Found = true;
            public override void Visit(ExistsPredicate node) => Found = true;
            public override void Visit(InPredicate node) { if (node.Subquery is not null) Found = true; }
        }
        public override void Visit(SchemaObjectFunctionTableReference node) => Names.Add(node.SchemaObject.BaseIdentifier.Value);
    }
}
