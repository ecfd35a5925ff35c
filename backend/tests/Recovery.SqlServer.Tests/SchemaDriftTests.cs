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
public sealed class SchemaDriftTests
{
    private static readonly string[] Schemas = ["platform", "debtors", "negotiation", "communication", "reporting"];

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

    /// <summary>The real host migrates a fresh data directory; then SQLite's catalog of each schema's file.</summary>
    private static Dictionary<string, Table> SqliteSchema()
    {
        var dataDir = Path.Combine(Path.GetTempPath(), "recovery-drift-" + Guid.NewGuid().ToString("N"));
        try
        {
            using (var factory = new WebApplicationFactory<Program>().WithWebHostBuilder(b =>
                   {
                       b.UseSetting("RECOVERY_DATA_DIR", dataDir);
                       b.UseSetting("Messaging:DispatchEnabled", "false");
                   }))
            {
                _ = factory.Services;   // starts the host: the migrations run
            }
            var tables = new Dictionary<string, Table>();
            foreach (var schema in Schemas)
            {
                using var c = new SqliteConnection($"Data Source={Path.Combine(dataDir, schema + ".db")};Pooling=False");
                c.Open();
                var names = Strings(c, "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name <> 'schema_migration' ORDER BY name");
                foreach (var name in names)
                {
                    var table = tables[$"{schema}.{name}"] = new Table();
                    var pk = new SortedDictionary<int, string>();
                    using (var cmd = c.CreateCommand())
                    {
                        cmd.CommandText = $"PRAGMA table_info(\"{name}\")";
                        using var r = cmd.ExecuteReader();
                        while (r.Read())
                        {
                            var col = r.GetString(1);
                            var pkOrder = r.GetInt32(5);
                            // SQLite lets a non-integer PRIMARY KEY column be NULL; SQL Server never does: compare as NOT NULL.
                            table.Columns[col] = new Column(col, r.GetInt32(3) == 0 && pkOrder == 0, SqliteFamily(r.GetString(2)));
                            if (pkOrder > 0) pk[pkOrder] = col;
                        }
                    }
                    if (pk.Count > 0) table.Indexes["pk"] = new Index(string.Join(", ", pk.Values), true, false, true);
                    foreach (var (index, unique, origin, partial) in IndexList(c, name))
                    {
                        if (origin == "pk") continue;
                        if (!unique && !partial) continue;
                        var cols = Strings(c, $"SELECT name FROM pragma_index_info('{index}') ORDER BY seqno");
                        table.Indexes[index] = new Index(string.Join(", ", cols), unique, partial, false);
                    }
                }
            }
            return tables;
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            try { Directory.Delete(dataDir, true); } catch (IOException) { }
        }
    }

    private static List<string> Strings(SqliteConnection c, string sql)
    {
        using var cmd = c.CreateCommand();
        cmd.CommandText = sql;
        using var r = cmd.ExecuteReader();
        var list = new List<string>();
        while (r.Read()) list.Add(r.GetString(0));
        return list;
    }

    private static List<(string Name, bool Unique, string Origin, bool Partial)> IndexList(SqliteConnection c, string table)
    {
        using var cmd = c.CreateCommand();
        cmd.CommandText = $"PRAGMA index_list(\"{table}\")";
        using var r = cmd.ExecuteReader();
        var list = new List<(string, bool, string, bool)>();
        while (r.Read()) list.Add((r.GetString(1), r.GetInt32(2) == 1, r.GetString(3), r.GetInt32(4) == 1));
        return list;
    }

    /// <summary>The schema the sqlserver migrations describe, walked in order from the parser's tree.</summary>
    private static Dictionary<string, Table> SqlServerSchema()
    {
        var tables = new Dictionary<string, Table>(StringComparer.OrdinalIgnoreCase);
        var common = MigrationRunner.Load(typeof(MigrationRunner).Assembly, DatabaseProvider.SqlServer);
        foreach (var (name, assembly) in StatementParseTests.MigrationSources.Skip(1))
            foreach (var migration in common.Concat(MigrationRunner.Load(assembly, DatabaseProvider.SqlServer)))
                foreach (var batch in StatementParseTests.Batches(migration, name))
                {
                    var (script, errors) = TSql.Parse(batch);
                    Assert.That(errors, Is.Empty, $"{name}/{migration.Name}");
                    new SchemaWalker(tables).Walk(script);
                }
        return tables;
    }

    private sealed class SchemaWalker(Dictionary<string, Table> tables)
    {
        private static string Key(SchemaObjectName n) => $"{n.SchemaIdentifier.Value}.{n.BaseIdentifier.Value}";

        public void Walk(TSqlFragment fragment)
        {
            if (fragment is TSqlScript script)
                foreach (var b in script.Batches) foreach (var s in b.Statements) Statement(s);
        }

        private void Statement(TSqlStatement statement)
        {
            switch (statement)
            {
                case IfStatement i:   // the first branch: the ledger table where the server has one (same columns either way)
                    Statement(i.ThenStatement);
                    break;
                case BeginEndBlockStatement block:
                    foreach (var s in block.StatementList.Statements) Statement(s);
                    break;
                case ExecuteStatement:
                    foreach (var sql in TSql.DynamicSql(statement)) Walk(TSql.Parse(sql).Script);
                    break;
                case CreateTableStatement create:
                {
                    var table = tables[Key(create.SchemaObjectName)] = new Table();
                    Elements(table, create.Definition);
                    break;
                }
                case AlterTableAddTableElementStatement add:
                    Elements(tables[Key(add.SchemaObjectName)], add.Definition);
                    break;
                case AlterTableDropTableElementStatement drop:
                {
                    var table = tables[Key(drop.SchemaObjectName)];
                    foreach (var e in drop.AlterTableDropTableElements)
                        if (e.TableElementType == TableElementType.Column) table.Columns.Remove(e.Name.Value);
                        else table.Indexes.Remove(e.Name.Value);
                    break;
                }
                // A column given its type again: without NOT NULL it becomes nullable, without COLLATE it takes the
                // database's collation, as SQL Server does.
                case AlterTableAlterColumnStatement { DataType: SqlDataTypeReference type } alter:
                {
                    var name = alter.ColumnIdentifier.Value;
                    tables[Key(alter.SchemaObjectName)].Columns[name] = new Column(name,
                        alter.AlterTableAlterColumnOption != AlterTableAlterColumnOption.NotNull, SqlServerFamily(type.SqlDataTypeOption), alter.Collation?.Value);
                    break;
                }
                case CreateIndexStatement index:
                    tables[Key(index.OnName)].Indexes[index.Name.Value] = new Index(
                        string.Join(", ", index.Columns.Select(c => c.Column.MultiPartIdentifier.Identifiers.Last().Value)),
                        index.Unique, index.FilterPredicate is not null, false);
                    break;
                case DropIndexStatement drop:
                    foreach (var clause in drop.DropIndexClauses.OfType<DropIndexClause>())
                        tables[Key(clause.Object)].Indexes.Remove(clause.Index.Value);
                    break;
            }
        }

        private static void Elements(Table table, TableDefinition definition)
        {
            foreach (var column in definition.ColumnDefinitions)
            {
                var name = column.ColumnIdentifier.Value;
                var isPk = column.Constraints.OfType<UniqueConstraintDefinition>().FirstOrDefault(u => u.IsPrimaryKey) is not null;
                var notNull = column.Constraints.OfType<NullableConstraintDefinition>().Any(n => !n.Nullable) || isPk || column.IdentityOptions is not null;
                var family = column.DataType is SqlDataTypeReference t ? SqlServerFamily(t.SqlDataTypeOption) : column.DataType?.Name.BaseIdentifier.Value ?? "computed";
                table.Columns[name] = new Column(name, !notNull, family, column.Collation?.Value);
                foreach (var u in column.Constraints.OfType<UniqueConstraintDefinition>())
                    table.Indexes[u.ConstraintIdentifier?.Value ?? (u.IsPrimaryKey ? "pk" : "uq_" + name)] = new Index(name, true, false, u.IsPrimaryKey);
            }
            foreach (var u in definition.TableConstraints.OfType<UniqueConstraintDefinition>())
                table.Indexes[u.ConstraintIdentifier?.Value ?? "pk"] = new Index(
                    string.Join(", ", u.Columns.Select(c => c.Column.MultiPartIdentifier.Identifiers.Last().Value)), true, false, u.IsPrimaryKey);
        }
    }
}
