using Recovery.Communication.Data;
using Recovery.Debtors.Contracts;

namespace Recovery.Communication.Features.Messages;

/// <summary>The debtor's agreement to receive WhatsApp on one of the debtor's own phones, with its evidence.</summary>
internal static class RecordWhatsAppOptIn
{
    internal sealed record Command(Guid DebtorId, string? Phone, string? Evidence) : ICommand<Response>;

    [SchemaName("MessagesOptInBody")]
    internal sealed record Body(string? Phone, string? Evidence);

    [SchemaName("MessagesOptInResponse")]
    internal sealed record Response(Guid DebtorId, string Phone, string Evidence, string RecordedBy, DateTimeOffset RecordedAt);

    internal sealed class Validator : AbstractValidator<Command>
    {
        public Validator()
        {
            RuleFor(c => c.Phone).NotEmpty().WithMessage("phone is required", "informe o telefone");
            RuleFor(c => c.Evidence).NotEmpty().WithMessage("evidence of the opt-in is required (how and when the debtor agreed)", "registre a evidência da autorização (como e quando o devedor concordou)").MaximumLength(500);
        }
    }

    internal sealed class Handler(CommunicationDb db, IMediator mediator, ICurrentActor actor, AuditContext audit, TimeProvider clock)
        : IRequestHandler<Command, Response>
    {
        public async Task<Response> Handle(Command command, CancellationToken ct)
        {
            var debtor = await mediator.Send(new GetDebtorContacts(command.DebtorId), ct) ?? throw new NotFoundException($"Debtor {command.DebtorId} does not exist.");
            var digits = NationalDigits(command.Phone!);
            var phone = debtor.Contacts.FirstOrDefault(c => c.Channel == "phone" && NationalDigits(c.Value) == digits)
                        ?? throw new FieldException("phone", "WhatsApp goes only to one of the debtor's own phones.");
            var response = new Response(command.DebtorId, phone.Value, command.Evidence!.Trim(), actor.Name, clock.GetUtcNow());
            await using var tx = await db.BeginAsync(ct);
            await tx.ExecuteAsync(
                tx.Dialect.InsertIgnore("communication.whatsapp_opt_in", "debtor_id, phone, evidence, recorded_by, recorded_at",
                    "@DebtorId, @Phone, @Evidence, @RecordedBy, @RecordedAt", "debtor_id, phone"), response);
            await tx.CommitAsync(ct);
            audit.Describe("debtor", command.DebtorId, after: new { whatsappOptIn = response.Phone, response.Evidence });
            return response;
        }
    }

    /// <summary>The area code and number, whatever the punctuation and with or without the country code 55.</summary>
    private static string NationalDigits(string phone)
    {
        var digits = new string(phone.Where(char.IsDigit).ToArray());
        return digits.Length >= 12 && digits.StartsWith("55", StringComparison.Ordinal) ? digits[2..] : digits;
    }

    internal static void Map(RouteGroupBuilder debtors) =>
        debtors.MapPost("/{debtorId:guid}/whatsapp-opt-in", async (Guid debtorId, Body body, IMediator mediator, CancellationToken ct) =>
                TypedResults.Ok(await mediator.Send(new Command(debtorId, body.Phone, body.Evidence), ct)))
            .WithName(nameof(RecordWhatsAppOptIn))
            .ScopedTo(ScopedKinds.Debtor, "debtorId")
            .RequireAuthorization(Policies.Agent)
            .ProducesValidationProblem()
            .ProducesProblem(404);
}
