using System.Reflection;
using NUnit.Framework;
using Recovery.BuildingBlocks.Data;

namespace Recovery.SqlServer.Tests;

/// <summary>
/// Every statement the code can send to SQL Server goes through SQL Server's own parser (the 2022 grammar) with no error,
/// and calls only SQL Server's functions: the migrations, the dialect's variants and the statements written in the code.
/// </summary>
public sealed class StatementParseTests
{
    /// <summary>The statements found in the code today are about 340; fewer than this means the extraction lost its way.</summary>
    private const int CodeStatementFloor = 300;

    public static readonly (string Name, Assembly Assembly)[] MigrationSources =
    [
        ("BuildingBlocks", typeof(MigrationRunner).Assembly),
        ("platform", typeof(Recovery.Platform.PlatformModule).Assembly),
        ("debtors", typeof(Recovery.Debtors.DebtorsModule).Assembly),
        ("negotiation", typeof(Recovery.Negotiation.NegotiationModule).Assembly),
        ("communication", typeof(Recovery.Communication.CommunicationModule).Assembly),
        ("reporting", typeof(Recovery.Reporting.ReportingModule).Assembly),
        ("portal", typeof(Recovery.Portal.PortalModule).Assembly),
        ("analytics", typeof(Recovery.Analytics.AnalyticsModule).Assembly),
        ("bureau", typeof(Recovery.Bureau.BureauModule).Assembly),
        ("escalation", typeof(Recovery.Escalation.EscalationModule).Assembly),
    ];

    /// <summary>The batches of a migration as the runner sends them (split on GO, the schema filled in).</summary>
    public static IEnumerable<string> Batches(Migration migration, string schema) =>
        System.Text.RegularExpressions.Regex.Split(migration.Sql.Replace("{schema}", schema, StringComparison.Ordinal), @"^\s*GO\s*$",
                System.Text.RegularExpressions.RegexOptions.Multiline | System.Text.RegularExpressions.RegexOptions.IgnoreCase)
            .Where(b => !string.IsNullOrWhiteSpace(b));

    [Test]
    public void Every_sqlserver_migration_parses()
    {
        var failures = new List<string>();
        var count = 0;
        foreach (var (name, assembly) in MigrationSources)
        {
            var migrations = MigrationRunner.Load(assembly, DatabaseProvider.SqlServer);
            Assert.That(migrations, Is.Not.Empty, name);
            foreach (var migration in migrations)
                foreach (var batch in Batches(migration, name == "BuildingBlocks" ? "debtors" : name))
                {
                    count++;
                    failures.AddRange(TSql.Problems(batch).Select(p => $"{name}/{migration.Name}: {p}"));
                }
        }
        TestContext.Out.WriteLine($"{count} migration batches parsed");
        Assert.That(failures, Is.Empty, string.Join("\n", failures));
    }

    [Test]
    public void Every_dialect_variant_parses()
    {
        var d = CodeStatements.Dialect;
        string[] statements =
        [
            d.Limit("SELECT id FROM debtors.invoice WHERE partner_id = @PartnerId ORDER BY updated_at, id", "@Take"),
            d.Limit("SELECT id FROM debtors.invoice ORDER BY id", "500"),
            d.InsertIgnore("debtors.payment", "id, invoice_id, payment_id", "@Id, @InvoiceId, @PaymentId", "invoice_id, payment_id"),
            d.InsertIgnore("communication.hold", "hold_id, kind", "@HoldId, 'agreement'", "hold_id"),
            $"SELECT id FROM debtors.invoice WHERE id IN ({d.JsonIds("@Ids")})",
            $"SELECT id FROM debtors.debtor WHERE document IN ({d.JsonTexts("@Documents")})",
            $"INSERT INTO communication.message (id, invoice_id) SELECT {d.NewId}, d.invoice_id FROM communication.debt d",
        ];
        foreach (var sql in statements)
            Assert.That(TSql.Problems(sql), Is.Empty, sql);
    }

    [Test]
    public void Every_statement_in_the_code_parses()
    {
        var (statements, unresolved) = CodeStatements.Extract(TSql.Root);
        Assert.That(unresolved, Is.Empty,
            "statements whose text the check cannot tell; resolve them in the code or add the hole to CodeStatements.Holes:\n" + string.Join("\n", unresolved));
        TestContext.Out.WriteLine($"{statements.Count} statements from the code parsed; skipped as SQLite-only: " +
                                  string.Join(", ", CodeStatements.SqliteOnly.Select(s => $"{s.File} {s.Name} ({s.Why})")));
        Assert.That(statements, Has.Count.GreaterThanOrEqualTo(CodeStatementFloor));
        var failures = statements.Select(s => (s, Problems: TSql.Problems(s.Sql))).Where(x => x.Problems.Count > 0)
            .Select(x => $"{x.s}: {string.Join("; ", x.Problems)}\n{x.s.Sql}\n").ToList();
        Assert.That(failures, Is.Empty, string.Join("\n", failures));
    }

    [Test]
    public void The_SQLite_only_list_names_code_that_exists()
    {
        foreach (var (file, name, _) in CodeStatements.SqliteOnly)
        {
            var path = Path.Combine(TSql.Root, "backend/src", file.StartsWith("Recovery.") ? file : "Modules/" + file);
            Assert.That(File.ReadAllText(path), Does.Contain(name), $"{file} no longer has {name}: drop it from the list");
        }
    }

    /// <summary>The whole way, from a source file to a failure: SQLite-only syntax written in a slice is found and reported.</summary>
    [Test]
    public void SQLite_only_syntax_written_in_a_slice_is_reported()
    {
        const string slice = """
            internal sealed class Handler(DebtorsDb db)
            {
                private const string Recent = "SELECT id FROM debtors.invoice ORDER BY updated_at DESC LIMIT 10";
                private const string Where = " WHERE i.status = @Status";

                public async Task Handle(Query query, CancellationToken ct)
                {
                    await using var tx = await db.BeginAsync(ct);
                    await tx.ExecuteAsync("INSERT INTO debtors.note (id, body) VALUES (@Id, @Body) ON CONFLICT (id) DO NOTHING", query);
                    var ids = await tx.QueryAsync<Guid>($"SELECT id FROM debtors.invoice i{(query.Status is null ? "" : Where)} AND i.id IN (SELECT value FROM json_each(@Ids))");
                    var names = await tx.QueryAsync<string>("SELECT name || ' ' || document FROM debtors.debtor");
                    var fine = await tx.QueryAsync<Guid>(db.Dialect.Limit($"SELECT id FROM debtors.invoice i{Where} ORDER BY id", "@Take"));
                }
            }
            """;
        var (statements, unresolved) = CodeStatements.Extract([("Debtors/Features/Invoices/Example.cs", slice)]);
        Assert.That(unresolved, Is.Empty);
        var reported = statements.Where(s => TSql.Problems(s.Sql).Count > 0).Select(s => s.Sql).ToList();
        Assert.That(reported, Has.Some.Contains("LIMIT 10"));
        Assert.That(reported, Has.Some.Contains("ON CONFLICT"));
        Assert.That(reported.Count(s => s.Contains("json_each")), Is.EqualTo(2), "both branches of the conditional fragment");
        Assert.That(reported, Has.Some.Contains("||"));
        Assert.That(statements.Single(s => s.Sql.Contains("FETCH NEXT")).Sql, Is.EqualTo(
            "SELECT id FROM debtors.invoice i WHERE i.status = @Status ORDER BY id OFFSET 0 ROWS FETCH NEXT @Take ROWS ONLY"));
        Assert.That(reported, Has.None.Contains("FETCH NEXT"), "the dialect's own SQL Server text passes");
    }

    [TestCase("SELECT id FROM debtors.invoice ORDER BY id LIMIT 10")]
    [TestCase("INSERT INTO debtors.payment (id) VALUES (@Id) ON CONFLICT (id) DO NOTHING")]
    [TestCase("INSERT OR IGNORE INTO debtors.payment (id) VALUES (@Id)")]
    [TestCase("SELECT value FROM json_each(@Ids)")]
    [TestCase("SELECT id FROM debtors.invoice WHERE id IN (SELECT value FROM json_each(@Ids))")]
    [TestCase("SELECT name || ' ' || document FROM debtors.debtor")]
    [TestCase("SELECT SUM(CASE WHEN EXISTS (SELECT 1 FROM reporting.collection c WHERE c.debtor_id = m.debtor_id) THEN 1 ELSE 0 END) FROM reporting.message m")]
    [TestCase("UPDATE debtors.invoice SET status = 'paid' WHERE id = @Id RETURNING id")]
    [TestCase("SELECT strftime('%Y-%m', paid_at) FROM debtors.payment")]
    [TestCase("UPDATE debtors.contact SET opted_out = TRUE WHERE id = @Id")]
    [TestCase("SELECT IFNULL(name, '') FROM debtors.debtor")]
    public void The_check_reports_a_statement_SQL_Server_refuses(string sql) =>
        Assert.That(TSql.Problems(sql), Is.Not.Empty, sql);

    [Test]
    public void The_check_reports_the_SQLite_dialect()
    {
        ISqlDialect sqlite = new SqliteDialect();
        Assert.That(TSql.Problems(sqlite.Limit("SELECT id FROM debtors.invoice ORDER BY id", "@Take")), Is.Not.Empty);
        Assert.That(TSql.Problems(sqlite.InsertIgnore("debtors.payment", "id, invoice_id", "@Id, @InvoiceId", "id")), Is.Not.Empty);
        Assert.That(TSql.Problems($"SELECT id FROM debtors.invoice WHERE id IN ({sqlite.JsonIds("@Ids")})"), Is.Not.Empty);
        Assert.That(TSql.Problems($"INSERT INTO communication.message (id) SELECT {sqlite.NewId}"), Is.Not.Empty);
    }
}
