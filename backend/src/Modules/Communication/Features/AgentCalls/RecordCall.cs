using System.Globalization;
using Recovery.BuildingBlocks.Messaging;
using Recovery.Communication.Contracts;
using Recovery.Communication.Data;
using Recovery.Communication.Features.Compliance;
using Recovery.Debtors.Contracts;

namespace Recovery.Communication.Features.AgentCalls;

/// <summary>
/// An agent records a call and its outcome (one of the portfolio's catalogue), with an optional note and a callback at a
/// lawful moment; it may close the dunning call task it answered. Publishes <see cref="CallOutcomeRecorded"/>, from which
/// Debtors applies the outcome's effect and Reporting counts it. Answers what the SPA needs next (the promise's prefill).
/// </summary>
internal static class RecordCall
{
    internal sealed record Command(Guid DebtorId, string? Phone, string? Outcome, string? Note, DateTimeOffset? CallbackAt, Guid? PortfolioId,
        Guid? MessageId) : ICommand<Response>;

    [SchemaName("RecordCallBody")]
    internal sealed record Body(string? Phone, string? Outcome, string? Note, DateTimeOffset? CallbackAt, Guid? PortfolioId, Guid? MessageId);

    /// <param name="Promise">When the outcome is a promise: what the promise form starts with.</param>
    [SchemaName("RecordCallResponse")]
    internal sealed record Response(Guid CallId, string Outcome, string Label, CallEffect Effect, DateTimeOffset? CallbackAt, PromisePrefill? Promise);

    /// <param name="Amount">What the debtor owes on the open debts, in reais.</param>
    internal sealed record PromisePrefill(IReadOnlyList<Guid> InvoiceIds, decimal Amount, DateOnly DueDate, string? Note);

    internal sealed class Validator : AbstractValidator<Command>
    {
        public Validator(TimeProvider clock)
        {
            RuleFor(c => c.Phone).NotEmpty().WithMessage("phone is required", "informe o telefone");
            RuleFor(c => c.Outcome).NotEmpty().WithMessage("outcome is required", "escolha o resultado da ligação");
            RuleFor(c => c.Note).MaximumLength(500);
            RuleFor(c => c.CallbackAt).Must(at => at is null || at > clock.GetUtcNow())
                .WithMessage("callbackAt must be in the future", "o retorno deve ser agendado para o futuro");
        }
    }

    internal sealed class Handler(CommunicationDb db, IMediator mediator, ContactCalendar calendar, ICurrentActor actor, AuditContext audit,
        TimeProvider clock) : IRequestHandler<Command, Response>
    {
        public async Task<Response> Handle(Command command, CancellationToken ct)
        {
            var debtor = await mediator.Send(new GetDebtorContacts(command.DebtorId), ct)
                         ?? throw new NotFoundException($"Debtor {command.DebtorId} does not exist.");
            var phone = DebtorPhone.Find(debtor, command.Phone);
            if (command.CallbackAt is { } callback && calendar.NextAllowed(callback, debtor.State) is var (next, reason) && next != callback)
                throw new FieldException("callbackAt", Language.IsPortuguese
                    ? $"retorno fora do horário permitido ({reason}); o próximo horário permitido é {Local(next, debtor.State)}"
                    : $"callbackAt is outside the lawful contact hours; the next lawful time is {next.ToOffset(ContactCalendar.UtcOffset(debtor.State)):O}");

            await using var tx = await db.BeginAsync(ct);
            var open = (await tx.QueryAsync<Debts.DebtRow>(
                $"SELECT {Debts.DebtRow.Columns} FROM communication.debt WHERE debtor_id = @DebtorId AND status = 'open' ORDER BY due_date, invoice_id",
                command)).ToList();
            if (command.PortfolioId is { } asked && open.All(d => d.PortfolioId != asked))
                throw new FieldException("portfolioId", "The debtor has no open debt in this portfolio.");
            var portfolioId = command.PortfolioId ?? open.FirstOrDefault()?.PortfolioId;
            var (catalogue, _) = await CallOutcome.CatalogueAsync(tx, portfolioId);
            var outcome = catalogue.FirstOrDefault(o => o.Code == command.Outcome)
                          ?? throw new FieldException("outcome", $"outcome is one of {string.Join(", ", catalogue.Select(o => o.Code))}");

            var now = clock.GetUtcNow();
            var id = Guid.CreateVersion7();
            var note = string.IsNullOrWhiteSpace(command.Note) ? null : command.Note.Trim();
            if (command.MessageId is { } messageId)
                await Calls.CallTask.CloseAsync(tx, messageId, command.DebtorId, note is null ? outcome.Label : $"{outcome.Label}: {note}", actor.Name, now);
            await tx.ExecuteAsync(
                """
                INSERT INTO communication.agent_call (id, debtor_id, portfolio_id, phone, outcome, effect, note, callback_at, message_id, agent_id, agent_name, called_at)
                VALUES (@Id, @DebtorId, @PortfolioId, @Phone, @Outcome, @Effect, @Note, @CallbackAt, @MessageId, @AgentId, @Agent, @Now)
                """,
                new
                {
                    Id = id, command.DebtorId, PortfolioId = portfolioId, Phone = phone.Value, Outcome = outcome.Code, Effect = outcome.Effect.Code(),
                    Note = note, command.CallbackAt, command.MessageId, AgentId = actor.Id, Agent = actor.Name, Now = now,
                });
            await tx.PublishAsync(new CallOutcomeRecorded(id, command.DebtorId, portfolioId, phone.Value, outcome.Code, outcome.Label, outcome.Effect,
                note, command.CallbackAt, actor.Id, actor.Name, command.MessageId, now), now);
            await tx.CommitAsync(ct);
            audit.Describe("debtor", command.DebtorId, after: new { callId = id, phone = phone.Value, outcome = outcome.Code, note, command.CallbackAt, command.MessageId });

            var prefill = outcome.Effect != CallEffect.Promise ? null : new PromisePrefill(open.Select(d => d.InvoiceId).ToList(),
                BuildingBlocks.Money.ToReais(open.Sum(d => d.OutstandingCents)), BuildingBlocks.BusinessDate.Today(clock).AddDays(7), note);
            return new Response(id, outcome.Code, outcome.Label, outcome.Effect, command.CallbackAt, prefill);
        }

        private static string Local(DateTimeOffset at, string? state) =>
            at.ToOffset(ContactCalendar.UtcOffset(state)).ToString("dd/MM/yyyy 'às' HH:mm", CultureInfo.InvariantCulture);
    }

    internal static void Map(RouteGroupBuilder debtors) =>
        debtors.MapPost("/{debtorId:guid}/calls", async (Guid debtorId, Body body, IMediator mediator, CancellationToken ct) =>
            {
                var recorded = await mediator.Send(new Command(debtorId, body.Phone, body.Outcome, body.Note, body.CallbackAt, body.PortfolioId, body.MessageId), ct);
                return TypedResults.Created($"/api/v1/debtors/{debtorId}/calls/{recorded.CallId}", recorded);
            })
            .WithName(nameof(RecordCall))
            .ScopedTo(ScopedKinds.Debtor, "debtorId")
            .RequireAuthorization(Policies.Agent)
            .ProducesValidationProblem()
            .ProducesProblem(404);
}
