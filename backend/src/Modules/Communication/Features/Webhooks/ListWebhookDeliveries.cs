using Recovery.Communication.Data;

namespace Recovery.Communication.Features.Webhooks;

/// <summary>A partner's webhook deliveries, the latest first: to the partner, and to an administrator helping them.</summary>
internal static class ListWebhookDeliveries
{
    internal sealed record Query(Guid PartnerId, int? Limit) : IRequest<Response>;

    [SchemaName("WebhooksDeliveriesResponse")]
    internal sealed record Response(IReadOnlyList<DeliveryView> Items);

    internal sealed class Validator : AbstractValidator<Query>
    {
        public Validator() => RuleFor(q => q.Limit).InclusiveBetween(1, 1000).When(q => q.Limit is not null).WithMessage("limit is 1 to 1000");
    }

    internal sealed class Handler(CommunicationDb db) : IRequestHandler<Query, Response>
    {
        public async Task<Response> Handle(Query query, CancellationToken ct)
        {
            await using var session = await db.OpenAsync(ct);
            return new Response((await session.QueryAsync<DeliveryView>(db.Dialect.Limit(
                """
                SELECT id, event_id, event, status, attempts, last_status_code, last_error, created_at, delivered_at, next_attempt_at
                  FROM communication.webhook_delivery WHERE partner_id = @PartnerId ORDER BY created_at DESC, id DESC
                """, "@Take"), new { query.PartnerId, Take = query.Limit ?? 100 })).ToList());
        }
    }

    internal static void Map(RouteGroupBuilder partner) =>
        partner.MapGet("/webhook/deliveries", async (int? limit, ICurrentActor actor, IMediator mediator, CancellationToken ct) =>
                TypedResults.Ok(await mediator.Send(new Query(actor.PartnerId!.Value, limit), ct)))
            .WithName(nameof(ListWebhookDeliveries))
            .RequireAuthorization(Policies.Partner)
            .ProducesValidationProblem();

    internal static void MapAdmin(RouteGroupBuilder admin) =>
        admin.MapGet("/partners/{partnerId:guid}/webhook/deliveries", async (Guid partnerId, int? limit, IMediator mediator, CancellationToken ct) =>
                TypedResults.Ok(await mediator.Send(new Query(partnerId, limit), ct)))
            .WithName("ListPartnerWebhookDeliveries")
            .RequireAuthorization(Policies.Admin)
            .ProducesValidationProblem();
}
