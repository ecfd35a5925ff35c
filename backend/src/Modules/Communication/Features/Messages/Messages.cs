using Recovery.BuildingBlocks.Errors;
using Recovery.BuildingBlocks.Data;
using Recovery.Communication.Data;
using Recovery.Communication.Features.Debts;
using Recovery.Debtors.Contracts;

namespace Recovery.Communication.Features.Messages;

internal sealed class AttemptView
{
    public DateTimeOffset At { get; init; }
    public string Outcome { get; init; } = "";
    public string Detail { get; init; } = "";
}

internal sealed class MessageView
{
    public Guid Id { get; init; }
    public Guid? InvoiceId { get; init; }
    public Guid DebtorId { get; init; }
    public string Channel { get; init; } = "";
    public string TemplateCode { get; init; } = "";
    public string? StepKey { get; init; }
    public string Status { get; init; } = "";
    public DateTimeOffset NotBefore { get; init; }
    public int Attempts { get; init; }
    public string? Reason { get; init; }
    public string CreatedBy { get; init; } = "";
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset? SentAt { get; init; }
    public DateTimeOffset? DeliveredAt { get; init; }
    public IReadOnlyList<AttemptView> History { get; set; } = [];

    public const string Columns =
        "id, invoice_id, debtor_id, channel, template_code, step_key, status, not_before, attempts, reason, created_by, created_at, sent_at, delivered_at";
}

/// <summary>
/// Messages to a debtor outside the schedule (an agent's), the debtor's messages with what happened to each and why, and
/// the WhatsApp opt-in. An agent's message goes through the same checks at dispatch as the schedule's.
/// </summary>
internal static class Messages
{
    [AuditAction("SendMessage")]
    internal sealed record Send(Guid DebtorId, string? Template, Guid? InvoiceId) : ICommand<MessageView>;

    internal sealed record SendBody(string? Template, Guid? InvoiceId);

    internal sealed class SendValidator : AbstractValidator<Send>
    {
        public SendValidator() => RuleFor(c => c.Template).NotEmpty().WithMessage("template is required", "escolha o modelo");
    }

    internal sealed class SendHandler(CommunicationDb db, IMediator mediator, ICurrentActor actor, AuditContext audit, TimeProvider clock)
        : IRequestHandler<Send, MessageView>
    {
        public async Task<MessageView> Handle(Send command, CancellationToken ct)
        {
            _ = await mediator.Send(new GetDebtorContacts(command.DebtorId), ct) ?? throw new NotFoundException($"Debtor {command.DebtorId} does not exist.");
            await using var tx = await db.BeginAsync(ct);
            var template = await Templates.Templates.FindAsync(tx, command.Template!) ?? throw new FieldException("template", $"There is no template '{command.Template}'.");
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
            var view = (await FindAsync(tx, id))!;
            await tx.CommitAsync(ct);
            audit.Describe("message", id, after: new { view.DebtorId, view.InvoiceId, view.Channel, view.TemplateCode });
            return view;
        }
    }

    internal sealed record List(Guid DebtorId) : IRequest<ListResponse>;

    internal sealed record ListResponse(IReadOnlyList<MessageView> Items);

    internal sealed class ListHandler(CommunicationDb db) : IRequestHandler<List, ListResponse>
    {
        public async Task<ListResponse> Handle(List query, CancellationToken ct)
        {
            await using var session = await db.OpenAsync(ct);
            var items = (await session.QueryAsync<MessageView>(
                $"SELECT {MessageView.Columns} FROM communication.message WHERE debtor_id = @DebtorId ORDER BY created_at DESC, id", query)).ToList();
            var attempts = (await session.QueryAsync<AttemptRow>(
                """
                SELECT a.message_id, a.at, a.outcome, a.detail FROM communication.message_attempt a
                  JOIN communication.message m ON m.id = a.message_id WHERE m.debtor_id = @DebtorId ORDER BY a.at, a.id
                """, query)).ToLookup(a => a.MessageId);
            foreach (var m in items)
                m.History = attempts[m.Id].Select(a => new AttemptView { At = a.At, Outcome = a.Outcome, Detail = a.Detail }).ToList();
            return new ListResponse(items);
        }
    }

    [AuditAction("RecordWhatsAppOptIn")]
    internal sealed record OptIn(Guid DebtorId, string? Phone, string? Evidence) : ICommand<OptInResponse>;

    internal sealed record OptInBody(string? Phone, string? Evidence);

    internal sealed record OptInResponse(Guid DebtorId, string Phone, string Evidence, string RecordedBy, DateTimeOffset RecordedAt);

    internal sealed class OptInValidator : AbstractValidator<OptIn>
    {
        public OptInValidator()
        {
            RuleFor(c => c.Phone).NotEmpty().WithMessage("phone is required", "informe o telefone");
            RuleFor(c => c.Evidence).NotEmpty().WithMessage("evidence of the opt-in is required (how and when the debtor agreed)", "registre a evidência da autorização (como e quando o devedor concordou)").MaximumLength(500);
        }
    }

    internal sealed class OptInHandler(CommunicationDb db, IMediator mediator, ICurrentActor actor, AuditContext audit, TimeProvider clock)
        : IRequestHandler<OptIn, OptInResponse>
    {
        public async Task<OptInResponse> Handle(OptIn command, CancellationToken ct)
        {
            var debtor = await mediator.Send(new GetDebtorContacts(command.DebtorId), ct) ?? throw new NotFoundException($"Debtor {command.DebtorId} does not exist.");
            var digits = NationalDigits(command.Phone!);
            var phone = debtor.Contacts.FirstOrDefault(c => c.Channel == "phone" && NationalDigits(c.Value) == digits)
                        ?? throw new FieldException("phone", "WhatsApp goes only to one of the debtor's own phones.");
            var response = new OptInResponse(command.DebtorId, phone.Value, command.Evidence!.Trim(), actor.Name, clock.GetUtcNow());
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

    public static Task<MessageView?> FindAsync(DbSession s, Guid id) =>
        s.QuerySingleOrDefaultAsync<MessageView>($"SELECT {MessageView.Columns} FROM communication.message WHERE id = @Id", new { Id = id });

    internal static void Map(RouteGroupBuilder debtors)
    {
        debtors.MapPost("/{debtorId:guid}/messages", async (Guid debtorId, SendBody body, IMediator mediator, CancellationToken ct) =>
            {
                var message = await mediator.Send(new Send(debtorId, body.Template, body.InvoiceId), ct);
                return TypedResults.Accepted($"/api/v1/debtors/{debtorId}/messages", message);
            })
            .WithName("SendMessage")
            .RequireAuthorization(Policies.Agent)
            .ProducesValidationProblem()
            .ProducesProblem(404);
        debtors.MapGet("/{debtorId:guid}/messages", async (Guid debtorId, IMediator mediator, CancellationToken ct) =>
                TypedResults.Ok(await mediator.Send(new List(debtorId), ct)))
            .WithName("ListMessages")
            .RequireAuthorization(Policies.Agent);
        debtors.MapPost("/{debtorId:guid}/whatsapp-opt-in", async (Guid debtorId, OptInBody body, IMediator mediator, CancellationToken ct) =>
                TypedResults.Ok(await mediator.Send(new OptIn(debtorId, body.Phone, body.Evidence), ct)))
            .WithName("RecordWhatsAppOptIn")
            .RequireAuthorization(Policies.Agent)
            .ProducesValidationProblem()
            .ProducesProblem(404);
    }

    private sealed class AttemptRow
    {
        public Guid MessageId { get; init; }
        public DateTimeOffset At { get; init; }
        public string Outcome { get; init; } = "";
        public string Detail { get; init; } = "";
    }
}
