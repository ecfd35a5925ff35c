using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Recovery.BuildingBlocks.Data;
using Recovery.Communication.Data;

namespace Recovery.Communication.Features.Webhooks;

/// <summary>
/// A partner's webhook: the URL and the events it wants (partner-api.md "Webhooks"); the secret that signs every
/// delivery is made on the first save and kept on later ones.
/// </summary>
internal static class Webhooks
{
    public static readonly string[] Events =
    [
        "invoice.paid", "invoice.cancelled", "agreement.created", "agreement.installment_paid", "agreement.completed", "agreement.broken",
        "negativacao.registered", "negativacao.removed",
    ];

    internal sealed record Webhook(string Url, IReadOnlyList<string> Events, string Secret);

    [AuditAction("SaveWebhook")]
    internal sealed record Save(Guid PartnerId, string? Url, IReadOnlyList<string>? Events) : ICommand<Webhook>;

    internal sealed record SaveBody(string? Url, IReadOnlyList<string>? Events);

    internal sealed class SaveValidator : AbstractValidator<Save>
    {
        public SaveValidator()
        {
            RuleFor(c => c.Url).NotEmpty().WithMessage("url is required").MaximumLength(2000)
                .Must(BeHttpsOrLoopback).WithMessage("url is an absolute https:// URL (http:// only for a loopback address, for tests)");
            RuleFor(c => c.Events).NotEmpty().WithMessage($"events lists at least one of {string.Join(", ", Events)}");
            RuleForEach(c => c.Events).Must(e => Events.Contains(e)).WithMessage($"each event is one of {string.Join(", ", Events)}");
        }

        private static bool BeHttpsOrLoopback(string? url) =>
            Uri.TryCreate(url, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || (uri.Scheme == Uri.UriSchemeHttp && uri.IsLoopback));
    }

    internal sealed class SaveHandler(CommunicationDb db, AuditContext audit, TimeProvider clock) : IRequestHandler<Save, Webhook>
    {
        public async Task<Webhook> Handle(Save command, CancellationToken ct)
        {
            await using var tx = await db.BeginAsync(ct);
            var current = await FindAsync(tx, command.PartnerId);
            var saved = new Webhook(command.Url!, command.Events!.Distinct().ToList(),
                current?.Secret ?? "whsec_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24)));
            var args = new { command.PartnerId, saved.Url, Events = JsonSerializer.Serialize(saved.Events), saved.Secret, Now = clock.GetUtcNow() };
            if (current is null)
                await tx.ExecuteAsync("INSERT INTO communication.webhook (partner_id, url, events, secret, updated_at) VALUES (@PartnerId, @Url, @Events, @Secret, @Now)", args);
            else
                await tx.ExecuteAsync("UPDATE communication.webhook SET url = @Url, events = @Events, updated_at = @Now WHERE partner_id = @PartnerId", args);
            await tx.CommitAsync(ct);
            audit.Describe("webhook", command.PartnerId, current is null ? null : new { current.Url, current.Events }, new { saved.Url, saved.Events });
            return saved;
        }
    }

    internal sealed record Get(Guid PartnerId) : IRequest<Webhook>;

    internal sealed class GetHandler(CommunicationDb db) : IRequestHandler<Get, Webhook>
    {
        public async Task<Webhook> Handle(Get query, CancellationToken ct)
        {
            await using var session = await db.OpenAsync(ct);
            return await FindAsync(session, query.PartnerId) ?? throw new NotFoundException("No webhook is registered; the partner registers one with PUT /api/v1/partner/webhook.");
        }
    }

    internal sealed class DeliveryView
    {
        public Guid Id { get; init; }
        public Guid EventId { get; init; }
        public string Event { get; init; } = "";
        public string Status { get; init; } = "";
        public int Attempts { get; init; }
        public int? LastStatusCode { get; init; }
        public string? LastError { get; init; }
        public DateTimeOffset CreatedAt { get; init; }
        public DateTimeOffset? DeliveredAt { get; init; }
        public DateTimeOffset NextAttemptAt { get; init; }
    }

    internal sealed record Deliveries(Guid PartnerId, int? Limit) : IRequest<DeliveriesResponse>;

    internal sealed record DeliveriesResponse(IReadOnlyList<DeliveryView> Items);

    internal sealed class DeliveriesValidator : AbstractValidator<Deliveries>
    {
        public DeliveriesValidator() => RuleFor(q => q.Limit).InclusiveBetween(1, 1000).When(q => q.Limit is not null).WithMessage("limit is 1 to 1000");
    }

    internal sealed class DeliveriesHandler(CommunicationDb db) : IRequestHandler<Deliveries, DeliveriesResponse>
    {
        public async Task<DeliveriesResponse> Handle(Deliveries query, CancellationToken ct)
        {
            await using var session = await db.OpenAsync(ct);
            return new DeliveriesResponse((await session.QueryAsync<DeliveryView>(db.Dialect.Limit(
                """
                SELECT id, event_id, event, status, attempts, last_status_code, last_error, created_at, delivered_at, next_attempt_at
                  FROM communication.webhook_delivery WHERE partner_id = @PartnerId ORDER BY created_at DESC, id DESC
                """, "@Take"), new { query.PartnerId, Take = query.Limit ?? 100 })).ToList());
        }
    }

    public static async Task<Webhook?> FindAsync(DbSession session, Guid partnerId)
    {
        var row = await session.QuerySingleOrDefaultAsync<Row>("SELECT url, events, secret FROM communication.webhook WHERE partner_id = @PartnerId",
            new { PartnerId = partnerId });
        return row is null ? null : new Webhook(row.Url, JsonSerializer.Deserialize<List<string>>(row.Events)!, row.Secret);
    }

    /// <summary><c>t=&lt;unix seconds&gt;,v1=&lt;hex HMAC-SHA256 of "t.body"&gt;</c>.</summary>
    public static string Signature(string secret, long unixSeconds, string body)
    {
        var mac = HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes($"{unixSeconds}.{body}"));
        return $"t={unixSeconds},v1={Convert.ToHexStringLower(mac)}";
    }

    /// <summary>What an administrator sees of a partner's webhook when helping them: never its secret.</summary>
    internal sealed record AdminView(string Url, IReadOnlyList<string> Events);

    /// <summary>Administrators look at a partner's webhook and its deliveries (support); the partner alone changes it.</summary>
    internal static void MapAdmin(RouteGroupBuilder admin)
    {
        admin.MapGet("/partners/{partnerId:guid}/webhook", async (Guid partnerId, IMediator mediator, CancellationToken ct) =>
            {
                var webhook = await mediator.Send(new Get(partnerId), ct);
                return TypedResults.Ok(new AdminView(webhook.Url, webhook.Events));
            })
            .WithName("GetPartnerWebhook")
            .RequireAuthorization(Policies.Admin)
            .ProducesProblem(404);
        admin.MapGet("/partners/{partnerId:guid}/webhook/deliveries", async (Guid partnerId, int? limit, IMediator mediator, CancellationToken ct) =>
                TypedResults.Ok(await mediator.Send(new Deliveries(partnerId, limit), ct)))
            .WithName("ListPartnerWebhookDeliveries")
            .RequireAuthorization(Policies.Admin)
            .ProducesValidationProblem();
    }

    internal static void Map(RouteGroupBuilder partner)
    {
        partner.MapPut("/webhook", async (SaveBody body, ICurrentActor actor, IMediator mediator, CancellationToken ct) =>
                TypedResults.Ok(await mediator.Send(new Save(actor.PartnerId!.Value, body.Url, body.Events), ct)))
            .WithName("SaveWebhook")
            .RequireAuthorization(Policies.Partner)
            .ProducesValidationProblem();
        partner.MapGet("/webhook", async (ICurrentActor actor, IMediator mediator, CancellationToken ct) =>
                TypedResults.Ok(await mediator.Send(new Get(actor.PartnerId!.Value), ct)))
            .WithName("GetWebhook")
            .RequireAuthorization(Policies.Partner)
            .ProducesProblem(404);
        partner.MapGet("/webhook/deliveries", async (int? limit, ICurrentActor actor, IMediator mediator, CancellationToken ct) =>
                TypedResults.Ok(await mediator.Send(new Deliveries(actor.PartnerId!.Value, limit), ct)))
            .WithName("ListWebhookDeliveries")
            .RequireAuthorization(Policies.Partner)
            .ProducesValidationProblem();
    }

    private sealed class Row
    {
        public string Url { get; init; } = "";
        public string Events { get; init; } = "";
        public string Secret { get; init; } = "";
    }
}
