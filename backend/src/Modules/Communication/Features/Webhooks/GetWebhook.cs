using Recovery.Communication.Data;

namespace Recovery.Communication.Features.Webhooks;

/// <summary>A partner's webhook: to the partner with its secret; to an administrator helping them, without it.</summary>
internal static class GetWebhook
{
    internal sealed record Query(Guid PartnerId) : IRequest<Webhook>;

    /// <summary>What an administrator sees of a partner's webhook when helping them: never its secret.</summary>
    [SchemaName("WebhooksAdminView")]
    internal sealed record AdminView(string Url, IReadOnlyList<string> Events);

    internal sealed class Handler(CommunicationDb db) : IRequestHandler<Query, Webhook>
    {
        public async Task<Webhook> Handle(Query query, CancellationToken ct)
        {
            await using var session = await db.OpenAsync(ct);
            return await Webhook.FindAsync(session, query.PartnerId) ?? throw new NotFoundException("No webhook is registered; the partner registers one with PUT /api/v1/partner/webhook.");
        }
    }

    internal static void Map(RouteGroupBuilder partner) =>
        partner.MapGet("/webhook", async (ICurrentActor actor, IMediator mediator, CancellationToken ct) =>
                TypedResults.Ok(await mediator.Send(new Query(actor.PartnerId!.Value), ct)))
            .WithName(nameof(GetWebhook))
            .RequireAuthorization(Policies.Partner)
            .ProducesProblem(404);

    internal static void MapAdmin(RouteGroupBuilder admin) =>
        admin.MapGet("/partners/{partnerId:guid}/webhook", async (Guid partnerId, IMediator mediator, CancellationToken ct) =>
            {
                var webhook = await mediator.Send(new Query(partnerId), ct);
                return TypedResults.Ok(new AdminView(webhook.Url, webhook.Events));
            })
            .WithName("GetPartnerWebhook")
            .RequireAuthorization(Policies.Admin)
            .ProducesProblem(404);
}
