using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Recovery.Platform.Data;
using Recovery.Platform.Identity;

namespace Recovery.Platform.Features;

/// <summary>
/// Confirms a pending enrolment with a code from the authenticator: the second factor becomes active, ten recovery
/// codes are answered once (only their hashes are kept), the person's other sessions end and this one goes on with the second factor
/// as a session with a second factor. A wrong code is a 400 naming <c>totp</c>.
/// </summary>
internal static class ConfirmMfa
{
    internal sealed record Command(string Totp) : ICommand<Response>;

    internal sealed record Response(IReadOnlyList<string> RecoveryCodes);

    internal sealed class Validator : AbstractValidator<Command>
    {
        public Validator() =>
            RuleFor(c => c.Totp).NotEmpty().Must(c => c is not null && SecondFactor.LooksLikeTotp(c))
                .WithMessage("The code has 6 digits.", "o código tem 6 dígitos");
    }

    internal sealed class Handler(PlatformDb db, SecondFactor secondFactor, AuditContext audit, ICurrentActor actor, TimeProvider clock)
        : IRequestHandler<Command, Response>
    {
        public async Task<Response> Handle(Command command, CancellationToken ct)
        {
            var now = clock.GetUtcNow();
            var userId = actor.Id ?? throw new UnauthorizedException("Sign in first.");
            audit.Describe("user", userId);
            await using var tx = await db.BeginAsync(ct);
            var pending = await tx.QuerySingleOrDefaultAsync<MfaRow>(
                "SELECT secret, confirmed_at, last_used_step FROM platform.user_mfa WHERE user_id = @UserId", new { UserId = userId });
            if (pending is null || pending.ConfirmedAt is not null)
                throw new ConflictException(ProblemTypes.Base + "mfa-not-pending", "No enrolment to confirm",
                    pending is null ? "Start the enrolment first (POST /api/v1/auth/mfa)." : "Your second factor is already active.");
            if (secondFactor.Verify(pending.Secret, command.Totp, now, pending.LastUsedStep) is not { } step)
                throw new FieldException("totp", Language.IsPortuguese
                    ? "o código está errado ou expirou; confira o relógio do aparelho"
                    : "The code is wrong or expired; check the device's clock.");

            await tx.ExecuteAsync(
                "UPDATE platform.user_mfa SET confirmed_at = @Now, last_used_step = @Step, updated_at = @Now WHERE user_id = @UserId",
                new { UserId = userId, Step = step, Now = now });
            var codes = SecondFactor.NewRecoveryCodes();
            await tx.ExecuteAsync("DELETE FROM platform.mfa_recovery_code WHERE user_id = @UserId", new { UserId = userId });
            foreach (var code in codes)
            {
                var (salt, hash) = SecondFactor.HashRecoveryCode(code);
                await tx.ExecuteAsync(
                    """
                    INSERT INTO platform.mfa_recovery_code (id, user_id, salt, code_hash, created_at, used_at)
                    VALUES (@Id, @UserId, @Salt, @Hash, @Now, NULL)
                    """, new { Id = Guid.CreateVersion7(), UserId = userId, Salt = salt, Hash = hash, Now = now });
            }
            await tx.CommitAsync(ct);
            audit.Describe("user", userId, before: new { mfa = "pending" }, after: new { mfa = "active", recoveryCodes = codes.Count });
            return new Response(codes);
        }
    }

    internal static void Map(RouteGroupBuilder group) =>
        group.MapPost("/mfa/confirm", async (Command command, HttpContext http, SessionStore sessions, IMediator mediator, CancellationToken ct) =>
            {
                var response = await mediator.Send(command, ct);
                var identity = new ClaimsIdentity(http.User.Claims.Where(c => c.Type != SecondFactor.Claim), AuthSchemes.Cookie);
                identity.AddClaim(new Claim(SecondFactor.Claim, "true"));
                await http.SignInAsync(AuthSchemes.Cookie, new ClaimsPrincipal(identity), new AuthenticationProperties { IsPersistent = false });
                // The person's other sessions end; this one (renewed with the second factor) goes on.
                await sessions.EndOthersAsync(http, Guid.Parse(http.User.FindFirstValue(ClaimTypes.NameIdentifier)!));
                return TypedResults.Ok(response);
            })
            .WithName(nameof(ConfirmMfa))
            .RequireAuthorization(Policies.Person)
            .ProducesValidationProblem()
            .ProducesProblem(401)
            .ProducesProblem(409);
}

internal sealed class MfaRow
{
    public string Secret { get; init; } = "";
    public DateTimeOffset? ConfirmedAt { get; init; }
    public long? LastUsedStep { get; init; }
}
