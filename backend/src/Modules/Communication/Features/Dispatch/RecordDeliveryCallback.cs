using Recovery.BuildingBlocks;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using Recovery.Communication.Data;
using Recovery.Communication.Features.Messages;

namespace Recovery.Communication.Features.Dispatch;

/// <summary>
/// An SMS or WhatsApp provider tells what became of a message (delivered or failed), with the shared token; applied once:
/// only a sent message moves.
/// </summary>
internal static class RecordDeliveryCallback
{
    internal sealed record Command(string Channel, string? Id, string? Status, string? Error) : IRequest<MediatR.Unit>;

    [SchemaName("QueuesCallbackBody")]
    internal sealed record Body(string? Id, string? Status, string? Error);

    private static readonly string[] Statuses = ["delivered", "failed"];

    internal sealed class Validator : AbstractValidator<Command>
    {
        public Validator()
        {
            RuleFor(c => c.Id).NotEmpty().WithMessage("id (the provider's message id) is required");
            RuleFor(c => c.Status).NotNull().WithMessage("status is delivered or failed").OneOf(Statuses).WithMessage("status is delivered or failed");
        }
    }

    internal sealed class Handler(CommunicationDb db, TimeProvider clock) : IRequestHandler<Command, MediatR.Unit>
    {
        public async Task<MediatR.Unit> Handle(Command command, CancellationToken ct)
        {
            await using var tx = await db.BeginAsync(ct);
            var key = await tx.QuerySingleOrDefaultAsync<MessageKey>(
                $"SELECT {MessageKey.Columns} FROM communication.message WHERE provider_id = @Id AND channel = @Channel", command)
                ?? throw new NotFoundException($"No {command.Channel} message has the provider id {command.Id}.");
            var now = clock.GetUtcNow();
            var moved = await tx.ExecuteAsync(
                "UPDATE communication.message SET status = @Status, delivered_at = CASE WHEN @Status = 'delivered' THEN @Now ELSE delivered_at END, reason = @Error, updated_at = @Now WHERE id = @Id AND status = 'sent'",
                new { key.Id, command.Status, command.Error, Now = now });
            if (moved == 1)
            {
                var detail = command.Status == "delivered" ? "confirmado pela operadora" : command.Error ?? "falha informada pela operadora";
                await MessageLog.RecordAsync(tx, key, command.Status!, detail, now);
                // Undeliverable: the contact is invalid from now on (Debtors marks it; ADR 0028).
                if (command.Status == "failed"
                    && await tx.QuerySingleOrDefaultAsync<string>("SELECT recipient FROM communication.message WHERE id = @Id", new { key.Id }) is { Length: > 0 } recipient)
                    await tx.PublishAsync(new Contracts.MessageBounced(key.Id, key.DebtorId, command.Channel, recipient, detail), now);
            }
            await tx.CommitAsync(ct);
            return MediatR.Unit.Value;
        }
    }

    internal static void Map(RouteGroupBuilder providers) =>
        providers.MapPost("/{channel}/callbacks", async (string channel, Body body, HttpRequest request, IOptions<CommunicationOptions> options,
                IMediator mediator, CancellationToken ct) =>
            {
                if (channel is not ("sms" or "whatsapp")) throw new NotFoundException($"There is no provider channel '{channel}'.");
                var expected = options.Value.ProviderToken;
                var given = request.Headers["X-Provider-Token"].ToString();
                if (string.IsNullOrEmpty(expected) ||
                    !CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(given), Encoding.UTF8.GetBytes(expected)))
                    throw new UnauthorizedException("A provider callback carries the shared token in X-Provider-Token.");
                await mediator.Send(new Command(channel, body.Id, body.Status, body.Error), ct);
                return TypedResults.NoContent();
            })
            .WithName("ProviderCallback")
            .AllowAnonymous()
            .WithMetadata(new SharedSecretHeader("ProviderToken", "X-Provider-Token",
                "The shared token the SMS and WhatsApp providers send with delivery callbacks (Communication:ProviderToken)."))
            .ProducesValidationProblem()
            .ProducesProblem(401)
            .ProducesProblem(404);
}
