using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Data.Sqlite;
using Microsoft.SqlServer.TransactSql.ScriptDom;
using NUnit.Framework;
using Recovery.BuildingBlocks.Data;

namespace Recovery.SqlServer.Tests;

public sealed partial class SchemaDriftTests
{
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
}
