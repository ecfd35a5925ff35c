using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Data.Sqlite;
using Microsoft.SqlServer.TransactSql.ScriptDom;
using NUnit.Framework;
using Recovery.BuildingBlocks.Data;

namespace Recovery.SqlServer.Tests;

/// <summary>A column as both engines can be compared: name, nullability and a type family.</summary>
public sealed record Column(string Name, bool Nullable, string Family, string? Collation = null);

/// <summary>A unique or filtered index (or a primary key): its columns in order.</summary>
public sealed record Index(string Columns, bool Unique, bool Filtered, bool PrimaryKey)
{
    public override string ToString() => $"{(PrimaryKey ? "PRIMARY KEY" : Unique ? "UNIQUE" : "INDEX")} ({Columns}){(Filtered ? " WHERE ..." : "")}";
}

public sealed class Table
{
    public Dictionary<string, Column> Columns { get; } = new(StringComparer.OrdinalIgnoreCase);
    public Dictionary<string, Index> Indexes { get; } = new(StringComparer.OrdinalIgnoreCase);
}

/// <summary>
/// The schema SQLite's migrations build (read from its catalog after the real host migrated a fresh data directory)
/// against the one SQL Server's migrations describe (read from the parser's tree): no drift.
/// </summary>
public sealed partial class SchemaDriftTests
{
    private static readonly string[] Schemas = ["platform", "debtors", "negotiation", "communication", "reporting", "portal", "analytics", "bureau", "escalation"];

    /// <summary>Differences on purpose, each with its reason; anything else is drift.</summary>
    private static readonly Dictionary<string, string> Accepted = new()
    {
        ["negotiation.installment: INDEX (breaks_on) WHERE ... only on SQLite"] =
            "a filtered index on SQL Server compares a column with constants only (not paid_cents < amount_cents); " +
            "ix_installment_breaks covers the same query there with INCLUDE (amount_cents, paid_cents)",
    };

    [Test]
    public void Both_engines_build_the_same_schema()
    {
        var sqlite = SqliteSchema();
        var sqlServer = SqlServerSchema();
        Assert.That(sqlite.Keys, Has.Count.GreaterThan(30), "tables read from SQLite");
        var differences = Compare(sqlite, sqlServer);
        TestContext.Out.WriteLine($"{sqlite.Count} tables, {sqlite.Values.Sum(t => t.Columns.Count)} columns, " +
                                  $"{sqlite.Values.Sum(t => t.Indexes.Values.Count(i => i.Unique || i.Filtered))} keys and filtered indexes compared");
        foreach (var accepted in differences.Where(Accepted.ContainsKey)) TestContext.Out.WriteLine($"accepted: {accepted} ({Accepted[accepted]})");
        Assert.That(Accepted.Keys, Is.SubsetOf(differences), "an accepted difference is gone: drop it from the list");
        var drift = differences.Where(d => !Accepted.ContainsKey(d)).ToList();
        Assert.That(drift, Is.Empty, "the engines' schemas differ:\n" + string.Join("\n", drift));
    }

    /// <summary>Keys that come from outside compare byte for byte on SQL Server too, as SQLite's BINARY text does.</summary>
    [Test]
    public void External_keys_have_a_binary_collation_on_SQL_Server()
    {
        var sqlServer = SqlServerSchema();
        string[] keys =
        [
            "debtors.invoice.external_id", "debtors.payment.payment_id", "negotiation.installment.txid",
            "negotiation.payment.payment_key", "negotiation.agreement_debt.external_id", "communication.message.provider_id",
            "communication.debt.external_id",
            .. Schemas.Select(s => $"{s}.idempotency_request.idempotency_key"),
        ];
        foreach (var key in keys)
        {
            var table = key[..key.LastIndexOf('.')];
            var column = sqlServer[table].Columns[key[(key.LastIndexOf('.') + 1)..]];
            Assert.That(column.Collation, Is.EqualTo("Latin1_General_100_BIN2"), key);
        }
    }

    [Test]
    public void A_difference_is_reported()
    {
        var a = new Dictionary<string, Table> { ["debtors.x"] = new() };
        a["debtors.x"].Columns["id"] = new Column("id", false, "uuid");
        a["debtors.x"].Columns["code"] = new Column("code", false, "text");
        var b = new Dictionary<string, Table> { ["debtors.x"] = new() };
        b["debtors.x"].Columns["id"] = new Column("id", true, "uuid");
        var drift = Compare(a, b);
        Assert.That(drift, Has.Some.Contains("code").And.Some.Contains("nullable"));
    }

    public static List<string> Compare(Dictionary<string, Table> sqlite, Dictionary<string, Table> sqlServer)
    {
        var drift = new List<string>();
        foreach (var name in sqlite.Keys.Union(sqlServer.Keys).Order())
        {
            if (!sqlServer.TryGetValue(name, out var s)) { drift.Add($"{name}: only on SQLite"); continue; }
            if (!sqlite.TryGetValue(name, out var l)) { drift.Add($"{name}: only on SQL Server"); continue; }
            foreach (var col in l.Columns.Keys.Union(s.Columns.Keys, StringComparer.OrdinalIgnoreCase).Order())
            {
                l.Columns.TryGetValue(col, out var lc);
                s.Columns.TryGetValue(col, out var sc);
                if (lc is null || sc is null) { drift.Add($"{name}.{col}: only on {(lc is null ? "SQL Server" : "SQLite")}"); continue; }
                if (lc.Nullable != sc.Nullable)
                    drift.Add($"{name}.{col}: nullable on {(lc.Nullable ? "SQLite" : "SQL Server")} only");
                if (!Compatible(lc.Family, sc.Family))
                    drift.Add($"{name}.{col}: {lc.Family} on SQLite, {sc.Family} on SQL Server");
            }
            var li = l.Indexes.Values.Where(i => i.Unique || i.Filtered).Select(i => i.ToString()).ToHashSet();
            var si = s.Indexes.Values.Where(i => i.Unique || i.Filtered).Select(i => i.ToString()).ToHashSet();
            drift.AddRange(li.Except(si).Select(i => $"{name}: {i} only on SQLite"));
            drift.AddRange(si.Except(li).Select(i => $"{name}: {i} only on SQL Server"));
        }
        return drift;
    }

    /// <summary>SQLite stores dates, times and ids as text and booleans as integers: its families are wider.</summary>
    private static bool Compatible(string sqlite, string sqlServer) => sqlite == sqlServer || (sqlite, sqlServer) switch
    {
        ("text", "date" or "datetime" or "uuid") => true,
        ("integer", "bool") => true,
        _ => false,
    };

    private static string SqliteFamily(string declared) => declared.ToUpperInvariant() switch
    {
        var t when t.Contains("INT") => "integer",
        var t when t.Contains("CHAR") || t.Contains("TEXT") || t.Contains("CLOB") => "text",
        var t when t.Contains("BLOB") => "binary",
        var t when t.Contains("REAL") || t.Contains("NUMERIC") || t.Contains("DEC") || t.Contains("FLOA") || t.Contains("DOUB") => "decimal",
        _ => "text",
    };

    private static string SqlServerFamily(SqlDataTypeOption type) => type switch
    {
        SqlDataTypeOption.NVarChar or SqlDataTypeOption.VarChar or SqlDataTypeOption.NChar or SqlDataTypeOption.Char
            or SqlDataTypeOption.NText or SqlDataTypeOption.Text => "text",
        SqlDataTypeOption.Int or SqlDataTypeOption.BigInt or SqlDataTypeOption.SmallInt or SqlDataTypeOption.TinyInt => "integer",
        SqlDataTypeOption.Bit => "bool",
        SqlDataTypeOption.Decimal or SqlDataTypeOption.Numeric or SqlDataTypeOption.Money or SqlDataTypeOption.Float or SqlDataTypeOption.Real => "decimal",
        SqlDataTypeOption.Date => "date",
        SqlDataTypeOption.DateTime2 or SqlDataTypeOption.DateTimeOffset or SqlDataTypeOption.DateTime or SqlDataTypeOption.SmallDateTime => "datetime",
        SqlDataTypeOption.UniqueIdentifier => "uuid",
        SqlDataTypeOption.VarBinary or SqlDataTypeOption.Binary or SqlDataTypeOption.Image => "binary",
        _ => type.ToString().ToLowerInvariant(),
    };
}
