using Recovery.BuildingBlocks.Errors;
using Recovery.BuildingBlocks;
using Recovery.Platform.Data;
using Recovery.Platform.Identity;

namespace Recovery.Platform.Features;

internal static class CreatePartner
{
    internal sealed record Command(string Name, string Document) : ICommand<Response>;

    /// <summary>The API key is shown here once; only its hash is stored.</summary>
    internal sealed record Response(Guid Id, string Name, string Document, string ApiKey, Guid KeyId, DateTimeOffset CreatedAt);

    internal sealed class Validator : AbstractValidator<Command>
    {
        public Validator()
        {
            RuleFor(c => c.Name).NotEmpty().MaximumLength(200);
            RuleFor(c => c.Document).NotEmpty()
                .Must(d => Documents.Normalize(d) is { Length: 14 })
                .WithMessage("Document must be the creditor's valid CNPJ (14 characters, numeric or alphanumeric, punctuation optional).", "informe um CNPJ válido do credor (14 caracteres, numérico ou alfanumérico, com ou sem pontuação)");
        }
    }

    internal sealed class Handler(PlatformDb db, AuditContext audit, TimeProvider clock) : IRequestHandler<Command, Response>
    {
        private const string Exists = "SELECT COUNT(*) FROM platform.partner WHERE document = @Document";
        private const string InsertPartner = "INSERT INTO platform.partner (id, name, document, created_at) VALUES (@Id, @Name, @Document, @Now)";

        public async Task<Response> Handle(Command command, CancellationToken ct)
        {
            var document = Documents.Normalize(command.Document)!;
            await using var tx = await db.BeginAsync(ct);
            if (await tx.ExecuteScalarAsync<int>(Exists, new { Document = document }) > 0)
                throw new ConflictException(ProblemTypes.Base + "partner-exists", "Partner already registered",
                    $"A partner with the CNPJ {Documents.Format(document)} already exists.");
            var id = Guid.CreateVersion7();
            var now = clock.GetUtcNow();
            await tx.ExecuteAsync(InsertPartner, new { Id = id, Name = command.Name.Trim(), Document = document, Now = now });
            var (keyId, key) = await IssuePartnerKey.InsertKeyAsync(tx, id, now);
            await tx.CommitAsync(ct);
            audit.Describe("partner", id, after: new { Name = command.Name.Trim(), Document = document, KeyId = keyId });
            return new Response(id, command.Name.Trim(), document, key, keyId, now);
        }
    }

    internal static void Map(RouteGroupBuilder group) =>
        group.MapPost("/partners", async (Command command, IMediator mediator, CancellationToken ct) =>
            {
                var partner = await mediator.Send(command, ct);
                return TypedResults.Created($"/api/v1/admin/partners/{partner.Id}", partner);
            })
            .WithName(nameof(CreatePartner))
            .RequireAuthorization(Policies.Admin)
            .ProducesValidationProblem()
            .ProducesProblem(409);
}
