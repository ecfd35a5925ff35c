using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using Recovery.BuildingBlocks.Data;
using Recovery.BuildingBlocks.Observability;
using Recovery.Platform.Data;
using Recovery.Platform.Identity;

namespace Recovery.Platform.Features;

internal static class Login
{
    // Not an ICommand: a failed attempt must be counted even though the request fails.
    internal sealed record Command(string Email, string Password) : IRequest<UserResponse>;

    internal sealed class Validator : AbstractValidator<Command>
    {
        public Validator()
        {
            RuleFor(c => c.Email).NotEmpty().MaximumLength(254);
            RuleFor(c => c.Password).NotEmpty().MaximumLength(512);
        }
    }

    internal sealed class Handler(
        PlatformDb db, IAuditTrail trail, ICurrentActor actor, TimeProvider clock,
        IOptions<SecurityOptions> options, PasswordHasher<UserRow> hasher) : IRequestHandler<Command, UserResponse>
    {
        private const string Select = """
            SELECT id, email, name, role, password_hash, failed_logins, locked_until, is_active
              FROM platform.app_user WHERE email = @Email
            """;

        private const string RecordFailure = """
            UPDATE platform.app_user SET failed_logins = @Failed, locked_until = @LockedUntil, updated_at = @Now WHERE id = @Id
            """;

        private const string RecordSuccess = """
            UPDATE platform.app_user SET failed_logins = 0, locked_until = NULL, password_hash = @Hash, updated_at = @Now WHERE id = @Id
            """;

        // Spent on unknown e-mails too, so that response time does not tell which accounts exist.
        private static readonly string DummyHash = new PasswordHasher<UserRow>().HashPassword(new UserRow(), "recovery-dummy-password");

        /// <summary>
        /// An e-mail with no active account fails exactly as an account does: the same hashing time, the same count of
        /// failures, the same lock and 423 after the threshold. Counters idle for a day are dropped.
        /// </summary>
        private async Task<(string Outcome, TimeSpan? LockedFor)> UnknownAsync(DbSession tx, string email, string password, DateTimeOffset now,
            CancellationToken ct)
        {
            var attempt = await tx.QuerySingleOrDefaultAsync<AttemptRow>(
                "SELECT failed_logins, locked_until FROM platform.login_attempt WHERE email = @Email", new { Email = email });
            if (attempt?.LockedUntil > now) return ("rejected:423", attempt.LockedUntil - now);
            hasher.VerifyHashedPassword(new UserRow(), DummyHash, password);
            var security = options.Value;
            var failed = (attempt?.FailedLogins ?? 0) + 1;
            DateTimeOffset? lockedUntil = failed >= security.LockoutThreshold ? now + security.LockoutDuration : null;
            if (lockedUntil is not null) tx.AfterCommit(RecoveryMetrics.Lockout);
            var args = new { Email = email, Failed = lockedUntil is null ? failed : 0, LockedUntil = lockedUntil, Now = now, Stale = now - security.LockoutDuration - TimeSpan.FromDays(1) };
            if (attempt is null)
            {
                await tx.ExecuteAsync("DELETE FROM platform.login_attempt WHERE updated_at < @Stale", args);
                await tx.ExecuteAsync(tx.Dialect.InsertIgnore("platform.login_attempt", "email, failed_logins, locked_until, updated_at",
                    "@Email, @Failed, @LockedUntil, @Now", "email"), args);
            }
            else
                await tx.ExecuteAsync(
                    "UPDATE platform.login_attempt SET failed_logins = @Failed, locked_until = @LockedUntil, updated_at = @Now WHERE email = @Email", args);
            return lockedUntil is null ? ("rejected:401", null) : ("rejected:423", security.LockoutDuration);
        }

        private sealed class AttemptRow
        {
            public int FailedLogins { get; init; }
            public DateTimeOffset? LockedUntil { get; init; }
        }

        public async Task<UserResponse> Handle(Command command, CancellationToken ct)
        {
            var now = clock.GetUtcNow();
            var email = command.Email.Trim().ToLowerInvariant();
            var security = options.Value;
            UserRow? user;
            string outcome;
            TimeSpan? lockedFor = null;
            await using (var tx = await db.BeginAsync(ct))
            {
                user = await tx.QuerySingleOrDefaultAsync<UserRow>(Select, new { Email = email });
                if (user is null || !user.IsActive)
                    (outcome, lockedFor) = await UnknownAsync(tx, email, command.Password, now, ct);
                else if (user.LockedUntil > now)
                {
                    lockedFor = user.LockedUntil - now;
                    outcome = "rejected:423";
                }
                else
                {
                    var verdict = hasher.VerifyHashedPassword(user, user.PasswordHash, command.Password);
                    if (verdict == PasswordVerificationResult.Failed)
                    {
                        var failed = user.FailedLogins + 1;
                        DateTimeOffset? lockedUntil = null;
                        if (failed >= security.LockoutThreshold)
                        {
                            lockedUntil = now + security.LockoutDuration;
                            tx.AfterCommit(RecoveryMetrics.Lockout);
                            lockedFor = security.LockoutDuration;
                            failed = 0;
                        }
                        await tx.ExecuteAsync(RecordFailure, new { Failed = failed, LockedUntil = lockedUntil, Now = now, user.Id });
                        outcome = lockedFor is null ? "rejected:401" : "rejected:423";
                    }
                    else
                    {
                        var hash = verdict == PasswordVerificationResult.SuccessRehashNeeded ? hasher.HashPassword(user, command.Password) : user.PasswordHash;
                        await tx.ExecuteAsync(RecordSuccess, new { Hash = hash, Now = now, user.Id });
                        outcome = "succeeded";
                    }
                }
                await tx.CommitAsync(ct);
            }

            await trail.AppendAsync(new AuditRecorded(Guid.CreateVersion7(), now, "user", user?.Id, email, user?.Role,
                actor.IpAddress, "Login", "user", user?.Id.ToString(), outcome, null, null), ct);

            RecoveryMetrics.Login(outcome);
            if (lockedFor is { } wait)
                throw new AccountLockedException(wait);
            if (outcome != "succeeded")
                throw new UnauthorizedException("The e-mail or the password is wrong.");
            return new UserResponse(user!.Id, user.Email, user.Name, user.Role);
        }
    }

    internal static void Map(RouteGroupBuilder group) =>
        group.MapPost("/login", async (Command command, IMediator mediator, HttpContext http, CancellationToken ct) =>
            {
                var user = await mediator.Send(command, ct);
                await http.SignInAsync(AuthSchemes.Cookie, Principal(user), new AuthenticationProperties { IsPersistent = false });
                return TypedResults.Ok(user);
            })
            .WithName(nameof(Login))
            .AllowAnonymous()
            .ProducesValidationProblem()
            .ProducesProblem(401)
            .ProducesProblem(423);

    private static ClaimsPrincipal Principal(UserResponse user) => new(new ClaimsIdentity(
    [
        new Claim(ClaimTypes.NameIdentifier, user.Id.ToString()),
        new Claim(ClaimTypes.Name, user.Email),
        new Claim(ClaimTypes.GivenName, user.Name),
        new Claim(ClaimTypes.Role, user.Role),
    ], AuthSchemes.Cookie));
}

internal sealed class AccountLockedException : ProblemException
{
    public AccountLockedException(TimeSpan wait)
        : base(423, ProblemTypes.AccountLocked, "Account locked",
            $"Too many failed sign-ins. The account is locked for {Math.Ceiling(wait.TotalMinutes)} more minute(s).") =>
        RetryAfter = wait;
}

internal sealed record UserResponse(Guid Id, string Email, string Name, string Role);

internal sealed class UserRow
{
    public Guid Id { get; init; }
    public string Email { get; init; } = "";
    public string Name { get; init; } = "";
    public string Role { get; init; } = "";
    public string PasswordHash { get; init; } = "";
    public int FailedLogins { get; init; }
    public DateTimeOffset? LockedUntil { get; init; }
    public bool IsActive { get; init; }
}
