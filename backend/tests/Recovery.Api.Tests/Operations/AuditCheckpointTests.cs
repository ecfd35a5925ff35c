using Dapper;
using Microsoft.Extensions.DependencyInjection;

namespace Recovery.Api.Tests.Operations;

/// <summary>Signed checkpoints of the audit chain's head, and what the verification makes of a cut chain (ADR 0015).</summary>
public sealed class AuditCheckpointTests
{
    private static async Task<JsonElement> VerifyAsync(HttpClient auditor) =>
        await (await auditor.GetAsync("/api/v1/audit/verify")).JsonAsync();

    /// <summary>Writes audited changes and waits until the chain holds them and nothing more is on its way.</summary>
    private static async Task<long> SettledEntriesAsync(RecoveryApp app, HttpClient admin, int changes)
    {
        for (var i = 0; i < changes; i++)
            (await admin.PostAsJsonAsync("/api/v1/admin/partners", new { name = "Auditado " + i, document = TestData.Cnpj() })).EnsureSuccessStatusCode();
        long last = -1;
        await RecoveryApp.EventuallyAsync(async () =>
        {
            var pending = await app.WithConnectionAsync("platform", c =>
                c.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM platform.outbox_message WHERE dispatched_at IS NULL"));
            var now = await app.WithConnectionAsync("platform", c => c.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM platform.audit_entry"));
            var settled = pending == 0 && now == last;
            last = now;
            if (!settled) await Task.Delay(200);
            return settled;
        }, "the audit chain settles");
        return last;
    }

    private static async Task<JsonElement> CheckpointAsync(HttpClient admin)
    {
        var run = await admin.PostAsync("/api/v1/admin/jobs/audit-checkpoint/runs", null);
        Assert.That(run.StatusCode, Is.EqualTo(HttpStatusCode.OK), await run.Content.ReadAsStringAsync());
        return await run.JsonAsync();
    }

    [Test]
    public async Task Entries_removed_from_the_end_of_the_chain_after_a_checkpoint_are_reported_as_a_truncation()
    {
        await using var app = new RecoveryApp();
        var admin = await app.AdminAsync();
        var entries = await SettledEntriesAsync(app, admin, 5);
        var run = await CheckpointAsync(admin);
        Assert.That(run.GetProperty("outcome").GetString(), Does.Contain($"{entries} entries"));

        var verified = await VerifyAsync(admin);
        Assert.That(verified.GetProperty("valid").GetBoolean(), Is.True, verified.ToString());
        Assert.That(verified.GetProperty("checkpoint").GetProperty("entries").GetInt64(), Is.EqualTo(entries));
        await SettledEntriesAsync(app, admin, 0);  // the job's own run is audited after the checkpoint

        // Someone with the file removes the last three checkpointed entries and everything after them.
        var removed = await app.WithConnectionAsync("platform", c => c.ExecuteAsync("""
            DROP TRIGGER platform.audit_entry_no_delete;
            DELETE FROM platform.audit_entry WHERE seq > (SELECT head_seq FROM platform.audit_checkpoint ORDER BY seq DESC LIMIT 1) - 3;
            """));
        Assert.That(removed, Is.GreaterThanOrEqualTo(3));

        var cut = await VerifyAsync(admin);
        Assert.That(cut.GetProperty("valid").GetBoolean(), Is.False, cut.ToString());
        Assert.That(cut.GetProperty("reason").GetString(), Is.EqualTo("truncated"));
        Assert.That(cut.GetProperty("entries").GetInt64(), Is.EqualTo(entries - 3));
        Assert.That(cut.GetProperty("checkpoint").GetProperty("entries").GetInt64(), Is.EqualTo(entries));

        // The chain grows again past the checkpoint: it still links, but the checkpointed head is no longer there.
        await SettledEntriesAsync(app, admin, 6);
        var regrown = await VerifyAsync(admin);
        Assert.That(regrown.GetProperty("valid").GetBoolean(), Is.False, regrown.ToString());
        Assert.That(regrown.GetProperty("reason").GetString(), Is.EqualTo("truncated"));
        Assert.That(regrown.GetProperty("firstInvalidEntry").GetString(), Is.Not.Null);
    }

    [Test]
    public async Task A_checkpoint_whose_signature_does_not_hold_is_reported_as_forged()
    {
        await using var app = new RecoveryApp();
        var admin = await app.AdminAsync();
        await SettledEntriesAsync(app, admin, 2);
        await CheckpointAsync(admin);
        var good = await VerifyAsync(admin);
        Assert.That(good.GetProperty("valid").GetBoolean(), Is.True, good.ToString());

        // A checkpoint written straight into the table, claiming fewer entries, signed with a made-up value.
        await app.WithConnectionAsync("platform", c => c.ExecuteAsync("""
            INSERT INTO platform.audit_checkpoint (taken_at, entries, head_seq, head_hash, key_id, signature)
            SELECT taken_at, 1, 1, (SELECT hash FROM platform.audit_entry ORDER BY seq LIMIT 1), key_id, 'ab' || substr(signature, 3)
              FROM platform.audit_checkpoint ORDER BY seq DESC LIMIT 1
            """));
        var forged = await VerifyAsync(admin);
        Assert.That(forged.GetProperty("valid").GetBoolean(), Is.False, forged.ToString());
        Assert.That(forged.GetProperty("reason").GetString(), Is.EqualTo("checkpoint-forged"));
        Assert.That(forged.GetProperty("checkpoint").GetProperty("entries").GetInt64(), Is.EqualTo(1));
    }

    [Test]
    public async Task A_checkpoint_is_signed_with_the_configured_key_and_is_not_taken_again_while_the_chain_has_not_grown()
    {
        var key = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));
        await using var app = new RecoveryApp(new() { ["Audit:CheckpointKey"] = key });
        var admin = await app.AdminAsync();
        var entries = await SettledEntriesAsync(app, admin, 1);
        await CheckpointAsync(admin);
        var row = await app.WithConnectionAsync("platform", c => c.QuerySingleAsync<(string TakenAt, long Entries, long HeadSeq, string HeadHash, string KeyId, string Signature)>(
            "SELECT taken_at, entries, head_seq, head_hash, key_id, signature FROM platform.audit_checkpoint ORDER BY seq DESC LIMIT 1"));
        Assert.That(row.Entries, Is.EqualTo(entries));
        var canonical = $"recovery-audit-checkpoint/1\n{row.TakenAt}\n{row.Entries}\n{row.HeadSeq}\n{row.HeadHash}\n{row.KeyId}";
        var expected = Convert.ToHexStringLower(System.Security.Cryptography.HMACSHA256.HashData(
            Convert.FromBase64String(key), System.Text.Encoding.UTF8.GetBytes(canonical)));
        Assert.That(row.Signature, Is.EqualTo(expected), "HMAC-SHA256 under the configured key");
        Assert.That(File.Exists(Path.Combine(app.DataDirectory, "keys", "audit-checkpoint.key")), Is.False, "a configured key is not written anywhere");

        // The scheduled run (not audited, unlike the administrator's): once the chain holds the entry of the run above,
        // it checkpoints that, and then nothing while the chain does not grow.
        await SettledEntriesAsync(app, admin, 0);
        var job = app.Services.GetServices<Recovery.BuildingBlocks.Messaging.LeasedJob>().Single(j => j.LeaseName == "audit-checkpoint");
        Assert.That((await job.RunNowAsync(CancellationToken.None))!.Outcome, Does.Contain($"{entries + 1} entries"));
        var count = await app.WithConnectionAsync("platform", c => c.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM platform.audit_checkpoint"));
        Assert.That((await job.RunNowAsync(CancellationToken.None))!.Outcome, Is.Empty);
        Assert.That(await app.WithConnectionAsync("platform", c => c.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM platform.audit_checkpoint")), Is.EqualTo(count));
    }
}
