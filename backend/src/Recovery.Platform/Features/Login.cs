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
    /// <param name="Totp">The second factor, for an account that has one: the authenticator's 6 digits or a recovery code.</param>
    internal sealed record Command(string Email, string Password, string? Totp = null) : IRequest<Result>;

    internal sealed record Result(UserResponse User, bool WithSecondFactor);

    internal sealed class Validator : AbstractValidator<Command>
    {
        public Validator()
        {
            RuleFor(c => c.Email).NotEmpty().MaximumLength(254);
            RuleFor(c => c.Password).NotEmpty().MaximumLength(512);
            RuleFor(c => c.Totp).MaximumLength(32);
        }
    }

    internal sealed class Handler(
        PlatformDb db, IAuditTrail trail, ICurrentActor actor, TimeProvider clock,
        IOptions<SecurityOptions> options, PasswordHasher<UserRow> hasher, SecondFactor secondFactor) : IRequestHandler<Command, Result>
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

        public async Task<Result> Handle(Command command, CancellationToken ct)
        {
            var now = clock.GetUtcNow();
            var email = command.Email.Trim().ToLowerInvariant();
            var security = options.Value;
            UserRow? user;
            string outcome;
            string? factor = null;
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
                    var mfa = verdict == PasswordVerificationResult.Failed ? null : await tx.QuerySingleOrDefaultAsync<MfaRow>(
                        "SELECT secret, confirmed_at, last_used_step FROM platform.user_mfa WHERE user_id = @Id AND confirmed_at IS NOT NULL",
                        new { user.Id });
                    // Only once the password is right does the answer say a second factor is missing; a wrong one
                    // fails as a wrong password does, and counts towards the lock.
                    if (mfa is not null && string.IsNullOrWhiteSpace(command.Totp))
                        outcome = "rejected:mfa-required";
                    else if (verdict == PasswordVerificationResult.Failed
                             || (mfa is not null && (factor = await SecondFactorAsync(tx, user.Id, mfa, command.Totp!.Trim(), now)) is null))
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
                actor.IpAddress, "Login", "user", user?.Id.ToString(), outcome, null,
                factor is null ? null : $$"""{"secondFactor":"{{factor}}"}"""), ct);

            RecoveryMetrics.Login(outcome);
            if (lockedFor is { } wait)
                throw new AccountLockedException(wait);
            if (outcome == "rejected:mfa-required")
                throw new MfaRequiredException();
            if (outcome != "succeeded")
                throw new UnauthorizedException("The e-mail or the password is wrong.");
            return new Result(new UserResponse(user!.Id, user.Email, user.Name, user.Role), factor is not null);
        }

        /// <summary>"totp" or "recovery-code" when the code is accepted (and spent), else null.</summary>
        private async Task<string?> SecondFactorAsync(DbSession tx, Guid userId, MfaRow mfa, string code, DateTimeOffset now)
        {
            if (SecondFactor.LooksLikeTotp(code))
            {
                if (secondFactor.Verify(mfa.Secret, code, now, mfa.LastUsedStep) is not { } step) return null;
                // Conditional, so that two requests racing with one code cannot both spend it.
                var spent = await tx.ExecuteAsync(
                    """
                    UPDATE platform.user_mfa SET last_used_step = @Step, updated_at = @Now
                     WHERE user_id = @UserId AND (last_used_step IS NULL OR last_used_step < @Step)
                    """, new { UserId = userId, Step = step, Now = now });
                return spent == 1 ? "totp" : null;
            }
            var codes = await tx.QueryAsync<RecoveryCodeRow>(
                "SELECT id, salt, code_hash FROM platform.mfa_recovery_code WHERE user_id = @UserId AND used_at IS NULL", new { UserId = userId });
            if (codes.FirstOrDefault(c => SecondFactor.MatchesRecoveryCode(code, c.Salt, c.CodeHash)) is not { } match) return null;
            var used = await tx.ExecuteAsync(
                "UPDATE platform.mfa_recovery_code SET used_at = @Now WHERE id = @Id AND used_at IS NULL", new { match.Id, Now = now });
            return used == 1 ? "recovery-code" : null;
        }

        private sealed class RecoveryCodeRow
        {
            public Guid Id { get; init; }
            public string Salt { get; init; } = "";
            public string CodeHash { get; init; } = "";
        }
    }

    internal static void Map(RouteGroupBuilder group) =>
        group.MapPost("/login", async (Command command, IMediator mediator, HttpContext http, CancellationToken ct) =>
            {
                var result = await mediator.Send(command, ct);
                await http.SignInAsync(AuthSchemes.Cookie, Principal(result), new AuthenticationProperties { IsPersistent = false });
                return TypedResults.Ok(result.User);
            })
            .WithName(nameof(Login))
            .AllowAnonymous()
            .ProducesValidationProblem()
            .ProducesProblem(401)
            .ProducesProblem(423);

    private static ClaimsPrincipal Principal(Result result)
    {
        var user = result.User;
        List<Claim> claims =
        [
            new(ClaimTypes.NameIdentifier, user.Id.ToString()),
            new(ClaimTypes.Name, user.Email),
            new(ClaimTypes.GivenName, user.Name),
            new(ClaimTypes.Role, user.Role),
        ];
        if (result.WithSecondFactor) claims.Add(new Claim(SecondFactor.Claim, "true"));
        return new ClaimsPrincipal(new ClaimsIdentity(claims, AuthSchemes.Cookie));
    }
}

internal sealed class MfaRequiredException()
    : ProblemException(401, ProblemTypes.MfaRequired, "Second factor required",
        "This account signs in with a second factor: send the authenticator's code (or a recovery code) in the totp field.");

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
