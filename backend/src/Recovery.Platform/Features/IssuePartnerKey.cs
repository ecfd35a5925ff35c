using Recovery.BuildingBlocks.Data;
using Recovery.Platform.Data;
using Recovery.Platform.Identity;

namespace Recovery.Platform.Features;

/// <summary>A second active key lets a partner rotate without downtime: deploy the new key, then revoke the old.</summary>
internal static class IssuePartnerKey
{
    public const int MaxActiveKeys = 2;

    internal sealed record Command(Guid PartnerId) : ICommand<Response>;

    internal sealed record Response(Guid Id, string ApiKey, DateTimeOffset CreatedAt);

    internal sealed class Handler(PlatformDb db, AuditContext audit, TimeProvider clock) : IRequestHandler<Command, Response>
    {
        private const string PartnerExists = "SELECT COUNT(*) FROM platform.partner WHERE id = @PartnerId";
        private const string ActiveKeys = "SELECT COUNT(*) FROM platform.api_key WHERE partner_id = @PartnerId AND revoked_at IS NULL";

        public async Task<Response> Handle(Command command, CancellationToken ct)
        {
            await using var tx = await db.BeginAsync(ct);
            if (await tx.ExecuteScalarAsync<int>(PartnerExists, command) == 0)
                throw new NotFoundException($"Partner {command.PartnerId} does not exist.");
            if (await tx.ExecuteScalarAsync<int>(ActiveKeys, command) >= MaxActiveKeys)
                throw new ConflictException(ProblemTypes.Base + "too-many-active-keys", "Too many active keys",
                    $"A partner has at most {MaxActiveKeys} active keys. Revoke one before issuing another.");
            var now = clock.GetUtcNow();
            var (keyId, key) = await InsertKeyAsync(tx, command.PartnerId, now);
            await tx.CommitAsync(ct);
            audit.Describe("partner", command.PartnerId, after: new { KeyId = keyId });
            return new Response(keyId, key, now);
        }
    }

    internal static async Task<(Guid KeyId, string Key)> InsertKeyAsync(DbSession tx, Guid partnerId, DateTimeOffset now)
    {
        var (key, lookup, hash) = ApiKeys.Generate();
        var id = Guid.CreateVersion7();
        await tx.ExecuteAsync(
            "INSERT INTO platform.api_key (id, partner_id, lookup, key_hash, created_at) VALUES (@Id, @PartnerId, @Lookup, @Hash, @Now)",
            new { Id = id, PartnerId = partnerId, Lookup = lookup, Hash = hash, Now = now });
        return (id, key);
    }

    internal static void Map(RouteGroupBuilder group) =>
        group.MapPost("/partners/{partnerId:guid}/keys", async (Guid partnerId, IMediator mediator, CancellationToken ct) =>
            {
                var key = await mediator.Send(new Command(partnerId), ct);
                return TypedResults.Created($"/api/v1/admin/partners/{partnerId}/keys/{key.Id}", key);
            })
            .WithName(nameof(IssuePartnerKey))
            .RequireAuthorization(Policies.Admin)
            .ProducesProblem(404)
            .ProducesProblem(409);
}
