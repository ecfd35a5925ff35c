using Recovery.Platform.Data;

namespace Recovery.Platform.Features;

/// <summary>Lets a partner check its key and see which creditor it speaks for.</summary>
internal static class GetPartnerSelf
{
    internal sealed record Query(Guid PartnerId) : IRequest<Response>;

    internal sealed class Response
    {
        public Guid Id { get; init; }
        public string Name { get; init; } = "";
        public string Document { get; init; } = "";
    }

    internal sealed class Handler(PlatformDb db) : IRequestHandler<Query, Response>
    {
        private const string Select = "SELECT id, name, document FROM platform.partner WHERE id = @PartnerId";

        public async Task<Response> Handle(Query query, CancellationToken ct)
        {
            await using var session = await db.OpenAsync(ct);
            return await session.QuerySingleOrDefaultAsync<Response>(Select, query)
                   ?? throw new NotFoundException("Partner not found.");
        }
    }

    internal static void Map(RouteGroupBuilder group) =>
        group.MapGet("/me", (ICurrentActor actor, IMediator mediator, CancellationToken ct) =>
                mediator.Send(new Query(actor.PartnerId!.Value), ct))
            .WithName(nameof(GetPartnerSelf))
            .RequireAuthorization(Policies.Partner)
            .ProducesProblem(401);
}
