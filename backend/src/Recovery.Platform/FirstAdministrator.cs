using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Recovery.BuildingBlocks;
using Recovery.Platform.AuditTrail;
using Recovery.Platform.Data;
using Recovery.Platform.Features;

namespace Recovery.Platform;

/// <summary>
/// On a new installation with no user, creates the administrator named by <c>RECOVERY_ADMIN_EMAIL</c> and
/// <c>RECOVERY_ADMIN_PASSWORD</c>; without them, explains how and starts anyway.
/// </summary>
internal static class FirstAdministrator
{
    public static async Task EnsureAsync(IServiceProvider services, CancellationToken ct)
    {
        await using var scope = services.CreateAsyncScope();
        var sp = scope.ServiceProvider;
        var config = sp.GetRequiredService<IConfiguration>();
        var logger = sp.GetRequiredService<ILoggerFactory>().CreateLogger("Recovery.Platform.FirstAdministrator");
        var db = sp.GetRequiredService<PlatformDb>();
        var clock = sp.GetRequiredService<TimeProvider>();

        await using var tx = await db.BeginIndependentAsync(ct);
        if (await tx.ExecuteScalarAsync<int>("SELECT COUNT(*) FROM platform.app_user") > 0) return;

        var email = config["RECOVERY_ADMIN_EMAIL"]?.Trim().ToLowerInvariant();
        var password = config["RECOVERY_ADMIN_PASSWORD"];
        if (string.IsNullOrEmpty(email) || string.IsNullOrEmpty(password))
        {
            logger.LogWarning(
                "No user exists yet. Set RECOVERY_ADMIN_EMAIL and RECOVERY_ADMIN_PASSWORD (at least 10 characters) and restart " +
                "to create the first administrator, e.g. RECOVERY_ADMIN_EMAIL=admin@example.com RECOVERY_ADMIN_PASSWORD='...' make run");
            return;
        }
        if (password.Length < 10)
        {
            logger.LogError("RECOVERY_ADMIN_PASSWORD must have at least 10 characters; the administrator was not created.");
            return;
        }

        var id = Guid.CreateVersion7();
        var now = clock.GetUtcNow();
        var hash = sp.GetRequiredService<PasswordHasher<UserRow>>().HashPassword(new UserRow { Id = id }, password);
        await tx.ExecuteAsync(
            """
            INSERT INTO platform.app_user (id, email, name, role, password_hash, failed_logins, is_active, created_at, updated_at)
            VALUES (@Id, @Email, 'Administrator', 'admin', @Hash, 0, 1, @Now, @Now)
            """, new { Id = id, Email = email, Hash = hash, Now = now });
        await sp.GetRequiredService<AuditChain>().AppendAsync(tx, new AuditRecorded(Guid.CreateVersion7(), now, "system", null, "system",
            null, null, "CreateFirstAdministrator", "user", id.ToString(), "succeeded", null,
            System.Text.Json.JsonSerializer.Serialize(new { email, role = "admin" })));
        await tx.CommitAsync(ct);
        logger.LogInformation("Created the first administrator (the e-mail in RECOVERY_ADMIN_EMAIL).");
    }
}
