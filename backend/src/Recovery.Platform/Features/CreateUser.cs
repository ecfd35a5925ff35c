using Recovery.BuildingBlocks;
using Recovery.BuildingBlocks.Errors;
using Microsoft.AspNetCore.Identity;
using Recovery.Platform.Data;

namespace Recovery.Platform.Features;

internal static class CreateUser
{
    internal sealed record Command(string Email, string Name, string Role, string Password) : ICommand<Response>;

    internal sealed record Response(Guid Id, string Email, string Name, string Role, DateTimeOffset CreatedAt);

    internal sealed class Validator : AbstractValidator<Command>
    {
        public Validator()
        {
            RuleFor(c => c.Email).NotEmpty().MaximumLength(254).EmailAddress();
            RuleFor(c => c.Name).NotEmpty().MaximumLength(200);
            RuleFor(c => c.Role).NotEmpty().OneOf(Roles.People)
                .WithMessage($"Role must be one of: {string.Join(", ", Roles.People)}.", $"papel deve ser um destes: {string.Join(", ", Roles.People)}");
            RuleFor(c => c.Password).NotEmpty().MinimumLength(10).MaximumLength(256)
                .WithMessage("The password must have 10 to 256 characters.", "a senha deve ter de 10 a 256 caracteres");
        }
    }

    internal sealed class Handler(PlatformDb db, PasswordHasher<UserRow> hasher, AuditContext audit, TimeProvider clock)
        : IRequestHandler<Command, Response>
    {
        private const string Exists = "SELECT COUNT(*) FROM platform.app_user WHERE email = @Email";

        private const string Insert = """
            INSERT INTO platform.app_user (id, email, name, role, password_hash, failed_logins, is_active, created_at, updated_at)
            VALUES (@Id, @Email, @Name, @Role, @PasswordHash, 0, 1, @Now, @Now)
            """;

        public async Task<Response> Handle(Command command, CancellationToken ct)
        {
            var email = command.Email.Trim().ToLowerInvariant();
            await using var tx = await db.BeginAsync(ct);
            if (await tx.ExecuteScalarAsync<int>(Exists, new { Email = email }) > 0)
                throw new ConflictException(ProblemTypes.Base + "email-taken", "E-mail already in use",
                    $"A user with the e-mail {email} already exists.");
            var id = Guid.CreateVersion7();
            var now = clock.GetUtcNow();
            var hash = hasher.HashPassword(new UserRow { Id = id }, command.Password);
            await tx.ExecuteAsync(Insert, new { Id = id, Email = email, Name = command.Name.Trim(), command.Role, PasswordHash = hash, Now = now });
            await tx.CommitAsync(ct);
            var response = new Response(id, email, command.Name.Trim(), command.Role, now);
            audit.Describe("user", id, after: new { response.Email, response.Name, response.Role });
            return response;
        }
    }

    internal static void Map(RouteGroupBuilder group) =>
        group.MapPost("/users", async (Command command, IMediator mediator, CancellationToken ct) =>
            {
                var user = await mediator.Send(command, ct);
                return TypedResults.Created($"/api/v1/admin/users/{user.Id}", user);
            })
            .WithName(nameof(CreateUser))
            .RequireAuthorization(Policies.Admin)
            .ProducesValidationProblem()
            .ProducesProblem(409);
}
