using Recovery.Communication.Contracts;
using Recovery.Communication.Data;
using Recovery.Communication.Features.Templates;
using Recovery.Debtors.Contracts;
using Recovery.Negotiation.Contracts;

namespace Recovery.Communication.Features.Messages;

/// <summary>
/// An agent sends an installment's Pix again, by e-mail, SMS or WhatsApp: refused at once when the agreement is not in
/// force (no Pix while it waits for approval or after it was refused), the installment is paid, there is no Pix code, or
/// the debtor may not be contacted now (contact hours, Sundays and holidays of the debtor's state); otherwise queued as a
/// message about the installment, which the dispatcher checks again like any other (holds, opt-outs, WhatsApp opt-in,
/// caps) and writes with the Pix copia e cola of the moment (<see cref="PixTemplates"/>).
/// </summary>
internal static class SendAgreementPix
{
    public static readonly string[] Channels = ["email", "sms", "whatsapp"];

    internal sealed record Command(Guid DebtorId, Guid? AgreementId, int? Installment, string? Channel) : ICommand<MessageView>;

    [SchemaName("MessagesSendPixBody")]
    internal sealed record Body(Guid? AgreementId, int? Installment, string? Channel);

    internal sealed class Validator : AbstractValidator<Command>
    {
        public Validator()
        {
            RuleFor(c => c.AgreementId).NotEmpty().WithMessage("agreementId is required", "informe o acordo");
            RuleFor(c => c.Installment).NotNull().GreaterThanOrEqualTo(0).WithMessage("installment is the installment's number (0 is the down payment)", "informe a parcela");
            RuleFor(c => c.Channel).Must(c => c is not null && Channels.Contains(c))
                .WithMessage("channel is email, sms or whatsapp", "escolha e-mail, SMS ou WhatsApp");
        }
    }

    internal sealed class Handler(CommunicationDb db, IMediator mediator, ICurrentActor actor, AuditContext audit, TimeProvider clock)
        : IRequestHandler<Command, MessageView>
    {
        private const string NoPix = ProblemTypes.Base + "no-pix-to-send";

        public async Task<MessageView> Handle(Command command, CancellationToken ct)
        {
            var pix = await mediator.Send(new GetInstallmentPix(command.AgreementId!.Value, command.Installment!.Value), ct);
            if (pix is null || pix.DebtorId != command.DebtorId)
                throw new NotFoundException($"The debtor has no agreement {command.AgreementId} with installment {command.Installment}.");
            if (pix.AgreementStatus != "active")
                throw new ConflictException(NoPix, "There is no Pix to send",
                    pix.AgreementStatus == "pending_approval" ? "O acordo aguarda aprovação: não há Pix até ser aprovado."
                    : pix.AgreementStatus == "rejected" ? "O acordo foi recusado na aprovação: não há Pix." : "O acordo não está em vigor: não há Pix.");
            if (pix.Status != "open") throw new ConflictException(NoPix, "There is no Pix to send", "Esta parcela já foi paga.");
            if (pix.PixPayload is null)
                throw new ConflictException(NoPix, "There is no Pix to send", "A carteira não tem chave Pix: esta parcela não tem código Pix.");
            var debtor = await mediator.Send(new GetDebtorContacts(command.DebtorId), ct) ?? throw new NotFoundException($"Debtor {command.DebtorId} does not exist.");
            var now = clock.GetUtcNow();
            var window = await mediator.Send(new GetContactWindow(debtor.State, now), ct);
            if (!window.OpenNow)
                throw new ConflictException(ProblemTypes.Base + "contact-not-allowed-now", "The debtor may not be contacted now",
                    $"{window.Reason ?? "Fora do horário permitido para contato"}. Reenvie a partir de {Local(window.OpensAt)}.")
                { Extensions = new Dictionary<string, object?> { ["allowedFrom"] = window.OpensAt } };

            await using var tx = await db.BeginAsync(ct);
            var copy = await tx.ExecuteScalarAsync<int>(
                """
                SELECT COUNT(*) FROM communication.installment i JOIN communication.agreement a ON a.agreement_id = i.agreement_id
                 WHERE i.agreement_id = @AgreementId AND i.number = @Installment AND i.status = 'open' AND a.status = 'active'
                """, command);
            if (copy == 0)
                throw new ConflictException(NoPix, "There is no Pix to send", "O acordo acabou de entrar em vigor: tente de novo em instantes.");
            var id = Guid.CreateVersion7();
            await tx.ExecuteAsync(
                """
                INSERT INTO communication.message (id, invoice_id, debtor_id, partner_id, channel, template_code, status, not_before, attempts,
                                                   created_by, created_at, updated_at, agreement_id, installment_number, step_key)
                SELECT @Id, NULL, @DebtorId, a.partner_id, @Channel, @Template, 'queued', @Now, 0, @By, @Now, @Now, @AgreementId, @Installment, @StepKey
                  FROM communication.agreement a WHERE a.agreement_id = @AgreementId
                """,
                new
                {
                    Id = id, command.DebtorId, command.Channel, Template = PixTemplates.CodeFor(command.Channel!), Now = now, By = actor.Name,
                    command.AgreementId, command.Installment, StepKey = PixTemplates.StepKey(id),
                });
            var view = (await MessageView.FindAsync(tx, id))!;
            await tx.CommitAsync(ct);
            audit.Describe("message", id, after: new { view.DebtorId, view.Channel, agreementId = command.AgreementId, installment = command.Installment });
            return view;
        }

        private static string Local(DateTimeOffset at) =>
            TimeZoneInfo.ConvertTime(at, Recovery.BuildingBlocks.BusinessDate.Brasilia).ToString("dd/MM/yyyy 'às' HH:mm", Recovery.BuildingBlocks.Money.PtBr);
    }

    internal static void Map(RouteGroupBuilder debtors) =>
        debtors.MapPost("/{debtorId:guid}/pix-messages", async (Guid debtorId, Body body, IMediator mediator, CancellationToken ct) =>
            {
                var message = await mediator.Send(new Command(debtorId, body.AgreementId, body.Installment, body.Channel), ct);
                return TypedResults.Accepted($"/api/v1/debtors/{debtorId}/messages", message);
            })
            .WithName(nameof(SendAgreementPix))
            .WithSummary("Sends an installment's Pix again by e-mail, SMS or WhatsApp; refused when the agreement is not in force or contact is not allowed now")
            .ScopedTo(ScopedKinds.Debtor, "debtorId")
            .RequireAuthorization(Policies.Agent)
            .ProducesValidationProblem()
            .ProducesProblem(404)
            .ProducesProblem(409);
}
