using Recovery.BuildingBlocks;
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.Extensions.Options;
using Recovery.Communication.Data;
using Recovery.Communication.Features.Dispatch;

namespace Recovery.Communication.Features.Webhooks;

/// <summary>A partner registers or changes its webhook; the signing secret is made on the first save and kept after.</summary>
internal static class SaveWebhook
{
    internal sealed record Command(Guid PartnerId, string? Url, IReadOnlyList<string>? Events) : ICommand<Webhook>;

    [SchemaName("WebhooksSaveBody")]
    internal sealed record Body(string? Url, IReadOnlyList<string>? Events);

    internal sealed class Validator : AbstractValidator<Command>
    {
        public Validator()
        {
            // The form here; where it points (public addresses only) is checked by the handler, which resolves the host.
            RuleFor(c => c.Url).NotEmpty().WithMessage("url is required").MaximumLength(2000)
                .Must(BeHttpsOrLoopback).WithMessage("url is an absolute https:// URL");
            RuleFor(c => c.Events).NotEmpty().WithMessage($"events lists at least one of {string.Join(", ", Webhook.Known)}");
            RuleForEach(c => c.Events).NotNull().WithMessage($"each event is one of {string.Join(", ", Webhook.Known)}")
                .OneOf(Webhook.Known).WithMessage($"each event is one of {string.Join(", ", Webhook.Known)}");
        }

        private static bool BeHttpsOrLoopback(string? url) =>
            Uri.TryCreate(url, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || (uri.Scheme == Uri.UriSchemeHttp && uri.IsLoopback));
    }

    internal sealed class Handler(CommunicationDb db, AuditContext audit, TimeProvider clock, IOptions<CommunicationOptions> options)
        : IRequestHandler<Command, Webhook>
    {
        public async Task<Webhook> Handle(Command command, CancellationToken ct)
        {
            if (await WebhookTarget.RefusalAsync(command.Url!, options.Value.AllowLoopbackWebhooks, ct) is { } refusal)
                throw new FieldException("url", refusal);
            await using var tx = await db.BeginAsync(ct);
            var current = await Webhook.FindAsync(tx, command.PartnerId);
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

    internal static void Map(RouteGroupBuilder partner) =>
        partner.MapPut("/webhook", async (Body body, ICurrentActor actor, IMediator mediator, CancellationToken ct) =>
                TypedResults.Ok(await mediator.Send(new Command(actor.PartnerId!.Value, body.Url, body.Events), ct)))
            .WithName(nameof(SaveWebhook))
            .RequireAuthorization(Policies.Partner)
            .ProducesValidationProblem();
}
