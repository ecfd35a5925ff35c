using Recovery.Communication.Data;
using Recovery.Communication.Features.Debts;
using Recovery.Debtors.Contracts;

namespace Recovery.Communication.Features.Messages;

/// <summary>
/// An agent's message to a debtor, outside the schedule: queued now, it goes through the same checks at dispatch as the
/// schedule's.
/// </summary>
internal static class SendMessage
{
    internal sealed record Command(Guid DebtorId, string? Template, Guid? InvoiceId) : ICommand<MessageView>;

    [SchemaName("MessagesSendBody")]
    internal sealed record Body(string? Template, Guid? InvoiceId);

    internal sealed class Validator : AbstractValidator<Command>
    {
        public Validator() => RuleFor(c => c.Template).NotEmpty().WithMessage("template is required", "escolha o modelo");
    }

    internal sealed class Handler(CommunicationDb db, IMediator mediator, ICurrentActor actor, AuditContext audit, TimeProvider clock)
        : IRequestHandler<Command, MessageView>
    {
        public async Task<MessageView> Handle(Command command, CancellationToken ct)
        {
            _ = await mediator.Send(new GetDebtorContacts(command.DebtorId), ct) ?? throw new NotFoundException($"Debtor {command.DebtorId} does not exist.");
            await using var tx = await db.BeginAsync(ct);
            var template = await Templates.Template.FindAsync(tx, command.Template!) ?? throw new FieldException("template", $"There is no template '{command.Template}'.");
            var debts = (await tx.QueryAsync<DebtRow>($"SELECT {DebtRow.Columns} FROM communication.debt WHERE debtor_id = @DebtorId", command)).ToList();
            if (command.InvoiceId is { } invoiceId && debts.All(d => d.InvoiceId != invoiceId))
                throw new FieldException("invoiceId", $"Invoice {invoiceId} is not a debt of this debtor.");
            var partnerId = debts.FirstOrDefault(d => d.InvoiceId == command.InvoiceId)?.PartnerId ?? debts.FirstOrDefault()?.PartnerId
                            ?? throw new FieldException("invoiceId", "The debtor has no debt to write about.");
            var now = clock.GetUtcNow();
            var id = Guid.CreateVersion7();
            await tx.ExecuteAsync(
                """
                INSERT INTO communication.message (id, invoice_id, debtor_id, partner_id, channel, template_code, status, not_before, attempts, created_by, created_at, updated_at)
                VALUES (@Id, @InvoiceId, @DebtorId, @PartnerId, @Channel, @Template, 'queued', @Now, 0, @By, @Now, @Now)
                """, new { Id = id, command.InvoiceId, command.DebtorId, PartnerId = partnerId, template.Channel, Template = template.Code, By = actor.Name, Now = now });
            var view = (await MessageView.FindAsync(tx, id))!;
            await tx.CommitAsync(ct);
            audit.Describe("message", id, after: new { view.DebtorId, view.InvoiceId, view.Channel, view.TemplateCode });
            return view;
        }
    }

    internal static void Map(RouteGroupBuilder debtors) =>
        debtors.MapPost("/{debtorId:guid}/messages", async (Guid debtorId, Body body, IMediator mediator, CancellationToken ct) =>
            {
                var message = await mediator.Send(new Command(debtorId, body.Template, body.InvoiceId), ct);
                return TypedResults.Accepted($"/api/v1/debtors/{debtorId}/messages", message);
            })
            .WithName(nameof(SendMessage))
            .ScopedTo(ScopedKinds.Debtor, "debtorId")
            .RequireAuthorization(Policies.Agent)
            .ProducesValidationProblem()
            .ProducesProblem(404);
}
