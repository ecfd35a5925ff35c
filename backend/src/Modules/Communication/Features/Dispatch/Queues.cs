using Recovery.BuildingBlocks.Errors;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using Recovery.Communication.Data;
using Recovery.Communication.Features.Messages;

namespace Recovery.Communication.Features.Dispatch;

/// <summary>
/// The two channels that end with people: letters waiting to be printed and posted, and phone calls in the agents'
/// queue; and the providers' delivery callbacks for SMS and WhatsApp.
/// </summary>
internal static class Queues
{
    internal sealed class LetterView
    {
        public Guid MessageId { get; init; }
        public Guid DebtorId { get; init; }
        public string Addressee { get; init; } = "";
        public string Address { get; init; } = "";
        public DateTimeOffset QueuedAt { get; init; }
        public DateTimeOffset? PrintedAt { get; init; }
        public string? PrintedBy { get; init; }
    }

    internal sealed class CallView
    {
        public Guid MessageId { get; init; }
        public Guid DebtorId { get; init; }
        public Guid? InvoiceId { get; init; }
        public string Phone { get; init; } = "";
        public string Script { get; init; } = "";
        public DateTimeOffset CreatedAt { get; init; }
        public DateTimeOffset? DoneAt { get; init; }
        public string? DoneBy { get; init; }
        public string? Outcome { get; init; }
    }

    internal sealed record LettersResponse(IReadOnlyList<LetterView> Items);

    internal sealed record CallsResponse(IReadOnlyList<CallView> Items);

    internal sealed record ListLetters(bool Printed) : IRequest<IReadOnlyList<LetterView>>;

    internal sealed class ListLettersHandler(CommunicationDb db) : IRequestHandler<ListLetters, IReadOnlyList<LetterView>>
    {
        public async Task<IReadOnlyList<LetterView>> Handle(ListLetters query, CancellationToken ct)
        {
            await using var session = await db.OpenAsync(ct);
            return (await session.QueryAsync<LetterView>(db.Dialect.Limit(
                $"SELECT message_id, debtor_id, addressee, address, queued_at, printed_at, printed_by FROM communication.letter WHERE printed_at IS {(query.Printed ? "NOT " : "")}NULL ORDER BY queued_at",
                "500"))).ToList();
        }
    }

    internal sealed record GetLetter(Guid MessageId) : IRequest<string>;

    internal sealed class GetLetterHandler(CommunicationDb db) : IRequestHandler<GetLetter, string>
    {
        public async Task<string> Handle(GetLetter query, CancellationToken ct)
        {
            await using var session = await db.OpenAsync(ct);
            return await session.QuerySingleOrDefaultAsync<string>("SELECT html FROM communication.letter WHERE message_id = @MessageId", query)
                   ?? throw new NotFoundException($"There is no letter {query.MessageId}.");
        }
    }

    [AuditAction("MarkLetterPrinted")]
    internal sealed record MarkPrinted(Guid MessageId) : ICommand<MediatR.Unit>;

    internal sealed class MarkPrintedHandler(CommunicationDb db, ICurrentActor actor, AuditContext audit, TimeProvider clock) : IRequestHandler<MarkPrinted, MediatR.Unit>
    {
        public async Task<MediatR.Unit> Handle(MarkPrinted command, CancellationToken ct)
        {
            await using var tx = await db.BeginAsync(ct);
            var now = clock.GetUtcNow();
            if (await tx.ExecuteAsync("UPDATE communication.letter SET printed_at = @Now, printed_by = @By WHERE message_id = @MessageId AND printed_at IS NULL",
                    new { command.MessageId, Now = now, By = actor.Name }) == 0)
                throw new NotFoundException($"There is no letter {command.MessageId} waiting to be printed.");
            var key = (await tx.QuerySingleOrDefaultAsync<MessageKey>($"SELECT {MessageKey.Columns} FROM communication.message WHERE id = @MessageId", command))!;
            await tx.ExecuteAsync("UPDATE communication.message SET status = 'delivered', delivered_at = @Now, updated_at = @Now WHERE id = @MessageId",
                new { command.MessageId, Now = now });
            await MessageLog.RecordAsync(tx, key, "delivered", $"carta impressa e postada por {actor.Name}", now, actor.Name);
            await tx.CommitAsync(ct);
            audit.Describe("letter", command.MessageId, after: new { printedAt = now });
            return MediatR.Unit.Value;
        }
    }

    internal sealed record ListCalls : IRequest<IReadOnlyList<CallView>>;

    internal sealed class ListCallsHandler(CommunicationDb db) : IRequestHandler<ListCalls, IReadOnlyList<CallView>>
    {
        public async Task<IReadOnlyList<CallView>> Handle(ListCalls query, CancellationToken ct)
        {
            await using var session = await db.OpenAsync(ct);
            return (await session.QueryAsync<CallView>(db.Dialect.Limit(
                "SELECT message_id, debtor_id, invoice_id, phone, script, created_at, done_at, done_by, outcome FROM communication.call_task WHERE done_at IS NULL ORDER BY created_at",
                "500"))).ToList();
        }
    }

    [AuditAction("RecordCallOutcome")]
    internal sealed record CallDone(Guid MessageId, string? Outcome) : ICommand<MediatR.Unit>;

    internal sealed record CallDoneBody(string? Outcome);

    internal sealed class CallDoneValidator : AbstractValidator<CallDone>
    {
        public CallDoneValidator() => RuleFor(c => c.Outcome).NotEmpty().WithMessage("outcome is required (e.g. \"atendeu, prometeu pagar dia 10\")", "descreva o resultado da ligação (ex.: \"atendeu, prometeu pagar dia 10\")").MaximumLength(200);
    }

    internal sealed class CallDoneHandler(CommunicationDb db, ICurrentActor actor, AuditContext audit, TimeProvider clock) : IRequestHandler<CallDone, MediatR.Unit>
    {
        public async Task<MediatR.Unit> Handle(CallDone command, CancellationToken ct)
        {
            await using var tx = await db.BeginAsync(ct);
            var now = clock.GetUtcNow();
            if (await tx.ExecuteAsync("UPDATE communication.call_task SET done_at = @Now, done_by = @By, outcome = @Outcome WHERE message_id = @MessageId AND done_at IS NULL",
                    new { command.MessageId, Now = now, By = actor.Name, Outcome = command.Outcome!.Trim() }) == 0)
                throw new NotFoundException($"There is no open call {command.MessageId}.");
            var key = (await tx.QuerySingleOrDefaultAsync<MessageKey>($"SELECT {MessageKey.Columns} FROM communication.message WHERE id = @MessageId", command))!;
            await tx.ExecuteAsync("UPDATE communication.message SET status = 'delivered', delivered_at = @Now, updated_at = @Now WHERE id = @MessageId",
                new { command.MessageId, Now = now });
            await MessageLog.RecordAsync(tx, key, "delivered", $"{command.Outcome!.Trim()} ({actor.Name})", now, actor.Name);
            await tx.CommitAsync(ct);
            audit.Describe("call", command.MessageId, after: new { outcome = command.Outcome });
            return MediatR.Unit.Value;
        }
    }

    internal sealed record Callback(string Channel, string? Id, string? Status, string? Error) : IRequest<MediatR.Unit>;

    internal sealed record CallbackBody(string? Id, string? Status, string? Error);

    internal sealed class CallbackValidator : AbstractValidator<Callback>
    {
        public CallbackValidator()
        {
            RuleFor(c => c.Id).NotEmpty().WithMessage("id (the provider's message id) is required");
            RuleFor(c => c.Status).Must(s => s is "delivered" or "failed").WithMessage("status is delivered or failed");
        }
    }

    /// <summary>A delivery state from the provider; applied once (only a sent message moves).</summary>
    internal sealed class CallbackHandler(CommunicationDb db, TimeProvider clock) : IRequestHandler<Callback, MediatR.Unit>
    {
        public async Task<MediatR.Unit> Handle(Callback command, CancellationToken ct)
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
                await MessageLog.RecordAsync(tx, key, command.Status!, command.Status == "delivered" ? "confirmado pela operadora" : command.Error ?? "falha informada pela operadora", now);
            await tx.CommitAsync(ct);
            return MediatR.Unit.Value;
        }
    }

    internal static void Map(RouteGroupBuilder communication, RouteGroupBuilder providers)
    {
        communication.MapGet("/letters", async (bool? printed, IMediator mediator, CancellationToken ct) =>
                TypedResults.Ok(new LettersResponse(await mediator.Send(new ListLetters(printed ?? false), ct))))
            .WithName("ListLetters")
            .RequireAuthorization(Policies.Agent);
        communication.MapGet("/letters/{messageId:guid}", async (Guid messageId, IMediator mediator, CancellationToken ct) =>
                TypedResults.Content(await mediator.Send(new GetLetter(messageId), ct), "text/html; charset=utf-8"))
            .WithName("GetLetter")
            .RequireAuthorization(Policies.Agent)
            .ProducesProblem(404);
        communication.MapPost("/letters/{messageId:guid}/printed", async (Guid messageId, IMediator mediator, CancellationToken ct) =>
            {
                await mediator.Send(new MarkPrinted(messageId), ct);
                return TypedResults.NoContent();
            })
            .WithName("MarkLetterPrinted")
            .RequireAuthorization(Policies.Agent)
            .ProducesProblem(404);
        communication.MapGet("/calls", async (IMediator mediator, CancellationToken ct) => TypedResults.Ok(new CallsResponse(await mediator.Send(new ListCalls(), ct))))
            .WithName("ListCalls")
            .RequireAuthorization(Policies.Agent);
        communication.MapPost("/calls/{messageId:guid}/outcome", async (Guid messageId, CallDoneBody body, IMediator mediator, CancellationToken ct) =>
            {
                await mediator.Send(new CallDone(messageId, body.Outcome), ct);
                return TypedResults.NoContent();
            })
            .WithName("RecordCallOutcome")
            .RequireAuthorization(Policies.Agent)
            .ProducesValidationProblem()
            .ProducesProblem(404);

        providers.MapPost("/{channel}/callbacks", async (string channel, CallbackBody body, HttpRequest request, IOptions<CommunicationOptions> options,
                IMediator mediator, CancellationToken ct) =>
            {
                if (channel is not ("sms" or "whatsapp")) throw new NotFoundException($"There is no provider channel '{channel}'.");
                var expected = options.Value.ProviderToken;
                var given = request.Headers["X-Provider-Token"].ToString();
                if (string.IsNullOrEmpty(expected) ||
                    !CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(given), Encoding.UTF8.GetBytes(expected)))
                    throw new UnauthorizedException("A provider callback carries the shared token in X-Provider-Token.");
                await mediator.Send(new Callback(channel, body.Id, body.Status, body.Error), ct);
                return TypedResults.NoContent();
            })
            .WithName("ProviderCallback")
            .AllowAnonymous()
            .ProducesValidationProblem()
            .ProducesProblem(401)
            .ProducesProblem(404);
    }
}
