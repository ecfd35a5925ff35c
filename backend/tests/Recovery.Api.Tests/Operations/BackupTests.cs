using System.Text.Json.Nodes;
using Dapper;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Recovery.BuildingBlocks.Data.Backups;

namespace Recovery.Api.Tests.Operations;

/// <summary>Online backups of every schema at one point, and their restore (ADR 0015), against the real host.</summary>
public sealed class BackupTests
{
    private string _backups = null!;

    [SetUp] public void MakeBackupsDirectory() =>
        Directory.CreateDirectory(_backups = Path.Combine(Path.GetTempPath(), "recovery-tests", "backups-" + Guid.NewGuid().ToString("N")));

    [TearDown] public void RemoveBackupsDirectory()
    {
        SqliteConnection.ClearAllPools();
        try { Directory.Delete(_backups, recursive: true); } catch (IOException) { }
    }

    private static JsonObject Invoice(string externalId, string document) => JsonNode.Parse($$"""
        {
          "externalId": "{{externalId}}", "portfolio": "varejo",
          "debtor": {
            "document": "{{document}}", "name": "Maria da Silva", "birthDate": "1980-05-01", "monthlyIncome": 3200.00,
            "emails": ["maria@example.com"], "phones": ["+5511987654321"],
            "address": { "street": "Rua A", "number": "10", "complement": null, "district": "Centro",
                         "city": "São Paulo", "state": "SP", "postalCode": "01310-100" }
          },
          "amount": 150.25, "issueDate": "2026-08-01", "dueDate": "2026-09-01", "description": "Parcela",
          "terms": { "finePercent": 2.0, "monthlyInterestPercent": 1.0, "correctionIndex": "IPCA" },
          "consumer": true
        }
        """)!.AsObject();

    private static Task<T> InBackupAsync<T>(string backup, string schema, Func<SqliteConnection, Task<T>> read)
    {
        var connection = new SqliteConnection($"Data Source={Path.Combine(backup, schema + ".db")};Mode=ReadOnly;Pooling=False");
        return Run();
        async Task<T> Run() { await using (connection) { await connection.OpenAsync(); return await read(connection); } }
    }

    [Test]
    public async Task A_backup_copies_the_files_as_they_were_when_pinned_while_writes_go_on()
    {
        await using var app = new RecoveryApp();
        var (partner, _, _) = await app.PartnerAsync();
        (await partner.PostAsJsonAsync("/api/v1/partner/invoices", Invoice("BEFORE-PIN", TestData.Cpf()))).EnsureSuccessStatusCode();

        var backup = app.Services.GetRequiredService<SqliteBackup>();
        backup.AfterPinned = async () =>
        {
            // Writers are not held while the files are copied: this push commits between the pin and the copy.
            var pushed = await partner.PostAsJsonAsync("/api/v1/partner/invoices", Invoice("AFTER-PIN", TestData.Cpf()));
            pushed.EnsureSuccessStatusCode();
        };
        BackupManifest manifest;
        try { manifest = await backup.TakeAsync(_backups); }
        finally { backup.AfterPinned = null; }

        var dir = Path.Combine(_backups, manifest.Name);
        var ids = await InBackupAsync(dir, "debtors", c => c.QueryAsync<string>("SELECT external_id FROM invoice"));
        Assert.That(ids, Is.EquivalentTo(new[] { "BEFORE-PIN" }), "the copy is the pinned snapshot, without the later write");
        var live = await app.WithConnectionAsync("debtors", async c => (await c.QueryAsync<string>("SELECT external_id FROM debtors.invoice")).ToList());
        Assert.That(live, Is.EquivalentTo(new[] { "BEFORE-PIN", "AFTER-PIN" }), "the later write is in the live file");

        Assert.That(manifest.Files.Select(f => f.Path), Is.SupersetOf(new[] { "platform.db", "debtors.db", "negotiation.db", "communication.db", "reporting.db" }));
        Assert.That(manifest.Migrations["debtors"], Does.Contain("common/0001_create_messaging"));
        Assert.That(manifest.Migrations["platform"], Does.Contain("0004_create_audit_checkpoint"));
        foreach (var file in manifest.Files)
        {
            var actual = await BackupManifest.DescribeAsync(dir, file.Path, CancellationToken.None);
            Assert.That(actual, Is.EqualTo(file), file.Path);
        }
        Assert.That(File.Exists(Path.Combine(dir, "debtors.db-wal")), Is.False, "each copy is one self-contained file");
    }

    [Test]
    public async Task A_backup_taken_during_a_batch_ingest_restores_to_one_point_where_nothing_is_lost()
    {
        const int batches = 12, perBatch = 100;
        await using var first = new RecoveryApp(new() { ["Backups:Directory"] = _backups });
        var (partner, _, _) = await first.PartnerAsync();
        var admin = await first.AdminAsync();

        var started = new TaskCompletionSource();
        var ingest = Task.Run(async () =>
        {
            for (var b = 0; b < batches; b++)
            {
                var items = Enumerable.Range(0, perBatch).Select(i => (JsonNode?)Invoice($"B{b:00}-{i:000}", TestData.Cpf()));
                var body = new JsonObject { ["invoices"] = new JsonArray(items.ToArray()) };
                (await partner.PostAsJsonAsync("/api/v1/partner/invoices/batch", body)).EnsureSuccessStatusCode();
                if (b == 1) started.SetResult();
            }
        });
        await started.Task;
        var response = await admin.PostAsync("/api/v1/admin/backups", null);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), await response.Content.ReadAsStringAsync());
        var manifest = (await response.Content.ReadFromJsonAsync<BackupManifest>(new JsonSerializerOptions(JsonSerializerDefaults.Web)))!;
        await ingest;
        var dir = Path.Combine(_backups, manifest.Name);
        Assert.That(manifest.TotalBytes, Is.EqualTo(manifest.Files.Sum(f => f.Bytes)));

        // At the backup's point: a batch is one transaction, so whole batches only; and every event its publisher had
        // marked dispatched is in its subscribers' inboxes (a copy of each file at its own moment would break this).
        var invoices = await InBackupAsync(dir, "debtors", c => c.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM invoice"));
        Assert.That(invoices, Is.GreaterThanOrEqualTo(2 * perBatch).And.LessThan(batches * perBatch), "taken during the ingest");
        Assert.That(invoices % perBatch, Is.Zero, "whole batches");
        TestContext.Out.WriteLine($"backup during the ingest: {invoices} invoices at the point, {manifest.TotalBytes} bytes, {manifest.ElapsedMs} ms, writers held {manifest.WritersHeldMs} ms");
        var dispatched = await InBackupAsync(dir, "debtors", c => c.QueryAsync<string>(
            "SELECT id FROM outbox_message WHERE dispatched_at IS NOT NULL AND type LIKE '%.DebtStateChanged'"));
        foreach (var subscriber in new[] { "communication", "reporting" })
        {
            var inbox = (await InBackupAsync(dir, subscriber, c => c.QueryAsync<string>("SELECT event_id FROM inbox_message"))).ToHashSet(StringComparer.OrdinalIgnoreCase);
            Assert.That(dispatched.Where(id => !inbox.Contains(id)), Is.Empty, $"dispatched by debtors but not applied in {subscriber}");
        }

        await using var second = new RecoveryApp(new() { ["Backups:Directory"] = _backups });
        Assert.That(await BackupCommands.RunAsync(["restore", dir, $"--RECOVERY_DATA_DIR={second.DataDirectory}"]), Is.Zero);

        // The second host on the restored files: its dispatcher delivers what was pending at the point, and then every
        // invoice of Debtors has its state in both subscribers.
        await RecoveryApp.EventuallyAsync(async () => await second.WithConnectionAsync("debtors", c =>
            c.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM debtors.outbox_message WHERE dispatched_at IS NULL")) == 0, "the restored outbox drains");
        Assert.That(await second.WithConnectionAsync("debtors", c => c.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM debtors.invoice")), Is.EqualTo(invoices));
        foreach (var subscriber in new[] { "communication", "reporting" })
        {
            await RecoveryApp.EventuallyAsync(async () => await second.WithConnectionAsync(subscriber, c =>
                c.ExecuteScalarAsync<long>($"SELECT COUNT(*) FROM {subscriber}.debt")) == invoices, $"{subscriber} has every debt");
            var failing = await second.WithConnectionAsync(subscriber, c =>
                c.ExecuteScalarAsync<long>($"SELECT COUNT(*) FROM {subscriber}.outbox_message WHERE dispatched_at IS NULL AND attempts > 0"));
            Assert.That(failing, Is.Zero, $"no event of {subscriber} failing");
        }

        // The administrator's second factor came back with the files: the same authenticator signs them in.
        second.SecondFactors.Adopt(first.SecondFactors, RecoveryApp.AdminEmail);
        var auditor = await second.AdminAsync();
        var verify = await (await auditor.GetAsync("/api/v1/audit/verify")).JsonAsync();
        Assert.That(verify.GetProperty("valid").GetBoolean(), Is.True, verify.ToString());
        Assert.That(verify.GetProperty("entries").GetInt64(), Is.GreaterThan(0));
    }

    [Test]
    public async Task A_restore_checks_every_file_against_the_manifest_and_refuses_a_directory_in_use()
    {
        await using var app = new RecoveryApp();
        await app.PartnerAsync();
        var manifest = await app.Services.GetRequiredService<SqliteBackup>().TakeAsync(_backups);
        var dir = Path.Combine(_backups, manifest.Name);
        var plans = manifest.Migrations;  // the version that took it knows its migrations
        var target = Path.Combine(_backups, "restored");

        await RestoreBackup.RunAsync(dir, target, force: false, plans);
        var again = Assert.ThrowsAsync<BackupRefusedException>(() => RestoreBackup.RunAsync(dir, target, force: false, plans));
        Assert.That(again!.Message, Does.Contain("is not empty"));
        File.WriteAllText(Path.Combine(target, "debtors.db-wal"), "a stale WAL would be replayed over the restored file");
        await RestoreBackup.RunAsync(dir, target, force: true, plans);
        Assert.That(File.Exists(Path.Combine(target, "debtors.db-wal")), Is.False);

        var file = Path.Combine(dir, "debtors.db");
        var bytes = File.ReadAllBytes(file);
        bytes[^100] ^= 0xFF;
        File.WriteAllBytes(file, bytes);
        var damaged = Assert.ThrowsAsync<BackupRefusedException>(() => RestoreBackup.RunAsync(dir, Path.Combine(_backups, "other"), force: false, plans));
        Assert.That(damaged!.Message, Does.Contain("debtors.db does not match the manifest"));
        Assert.That(Directory.Exists(Path.Combine(_backups, "other")) && Directory.EnumerateFiles(Path.Combine(_backups, "other")).Any(), Is.False);

        var older = manifest.Migrations.ToDictionary(p => p.Key, p => (IReadOnlyList<string>)p.Value.SkipLast(1).ToList());
        File.WriteAllBytes(file, bytes.Select((b, i) => i == bytes.Length - 100 ? (byte)(b ^ 0xFF) : b).ToArray());
        var newer = Assert.ThrowsAsync<BackupRefusedException>(() => RestoreBackup.RunAsync(dir, Path.Combine(_backups, "older"), force: false, older));
        Assert.That(newer!.Message, Does.Contain("migrations this version does not know"));
    }
}
