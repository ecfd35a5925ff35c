using Recovery.Platform.Data;

namespace Recovery.Platform.Features;

internal static class RevokePartnerKey
{
    internal sealed record Command(Guid PartnerId, Guid KeyId) : ICommand;

    internal sealed class Handler(PlatformDb db, AuditContext audit, TimeProvider clock) : IRequestHandler<Command, MediatR.Unit>
    {
        private const string Revoke = """
            UPDATE platform.api_key SET revoked_at = @Now
             WHERE id = @KeyId AND partner_id = @PartnerId AND revoked_at IS NULL
            """;
        private const string Exists = "SELECT COUNT(*) FROM platform.api_key WHERE id = @KeyId AND partner_id = @PartnerId";

        public async Task<MediatR.Unit> Handle(Command command, CancellationToken ct)
        {
            await using var tx = await db.BeginAsync(ct);
            if (await tx.ExecuteScalarAsync<int>(Exists, command) == 0)
                throw new NotFoundException($"Key {command.KeyId} of partner {command.PartnerId} does not exist.");
            var now = clock.GetUtcNow();
            await tx.ExecuteAsync(Revoke, new { command.KeyId, command.PartnerId, Now = now });
            await tx.CommitAsync(ct);
            audit.Describe("partner", command.PartnerId, after: new { RevokedKeyId = command.KeyId, RevokedAt = now });
            return MediatR.Unit.Value;
        }
    }

    internal static void Map(RouteGroupBuilder group) =>
        group.MapDelete("/partners/{partnerId:guid}/keys/{keyId:guid}", async (Guid partnerId, Guid keyId, IMediator mediator, CancellationToken ct) =>
            {
                await mediator.Send(new Command(partnerId, keyId), ct);
                return TypedResults.NoContent();
            })
            .WithName(nameof(RevokePartnerKey))
            .RequireAuthorization(Policies.Admin)
            .ProducesProblem(404);
}
