using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Data.Sqlite;
using Microsoft.SqlServer.TransactSql.ScriptDom;
using NUnit.Framework;
using Recovery.BuildingBlocks.Data;

namespace Recovery.SqlServer.Tests;

public sealed partial class SchemaDriftTests
{
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
