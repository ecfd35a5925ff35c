using Recovery.Communication.Contracts;
using Recovery.BuildingBlocks.Data;
using Recovery.Communication.Data;
using Recovery.Communication.Features.Dispatch;

namespace Recovery.Communication.Features.Negativacao;

/// <summary>
/// Negativações with the evidence of each step; the notice that starts one is a letter sent by a schedule step (or an
/// agent) on the <c>negativacao</c> channel.
/// </summary>
internal static class Negativacoes
{
    internal sealed class StepView
    {
        public DateTimeOffset At { get; init; }
        public string Step { get; init; } = "";
        public string Detail { get; init; } = "";
    }

    internal sealed class View
    {
        public Guid Id { get; init; }
        public Guid InvoiceId { get; init; }
        public Guid DebtorId { get; init; }
        public string Status { get; init; } = "";
        public DateTimeOffset NotifiedAt { get; init; }
        public DateOnly EligibleOn { get; init; }
        public DateTimeOffset? RegisteredAt { get; init; }
        public string? RegistrationProtocol { get; init; }
        public string? RemovalReason { get; init; }
        public DateOnly? RemovalDueOn { get; init; }
        public DateTimeOffset? RemovedAt { get; init; }
        public bool RemovedLate { get; init; }
        public IReadOnlyList<StepView> Steps { get; set; } = [];

        public const string Columns =
            "id, invoice_id, debtor_id, status, notified_at, eligible_on, registered_at, registration_protocol, removal_reason, removal_due_on, removed_at, removed_late";
    }

    internal sealed record List(Guid? DebtorId, string? Status, bool? Late) : IRequest<ListResponse>;

    internal sealed record ListResponse(IReadOnlyList<View> Items);

    internal sealed class ListValidator : AbstractValidator<List>
    {
        public ListValidator() => RuleFor(q => q.Status).Must(s => s is null or "notified" or "registered" or "removed" or "dropped")
            .WithMessage("status is notified, registered, removed or dropped");
    }

    internal sealed class ListHandler(CommunicationDb db) : IRequestHandler<List, ListResponse>
    {
        public async Task<ListResponse> Handle(List query, CancellationToken ct)
        {
            await using var session = await db.OpenAsync(ct);
            var filters = new List<string>();
            if (query.DebtorId is not null) filters.Add("debtor_id = @DebtorId");
            if (query.Status is not null) filters.Add("status = @Status");
            if (query.Late is not null) filters.Add("removed_late = @Late");
            var where = filters.Count == 0 ? "" : "WHERE " + string.Join(" AND ", filters);
            var items = (await session.QueryAsync<View>(db.Dialect.Limit(
                $"SELECT {View.Columns} FROM communication.negativacao {where} ORDER BY notified_at DESC, id", "500"), query)).ToList();
            var steps = (await session.QueryAsync<StepRow>(
                $"SELECT negativacao_id, at, step, detail FROM communication.negativacao_step WHERE negativacao_id IN ({db.Dialect.JsonIds("@Ids")}) ORDER BY at, id",
                new { Ids = db.Dialect.JsonArray(items.Select(i => i.Id)) })).ToLookup(s => s.NegativacaoId);
            foreach (var item in items) item.Steps = steps[item.Id].Select(s => new StepView { At = s.At, Step = s.Step, Detail = s.Detail }).ToList();
            return new ListResponse(items);
        }
    }

    /// <summary>Called when a notice letter leaves: the negativação starts, registrable after the waiting period.</summary>
    public static async Task NotifiedAsync(DbSession tx, MessageRow message, DateOnly dueDate, DateOnly eligibleOn, DateTimeOffset now)
    {
        if (await tx.ExecuteScalarAsync<int>("SELECT COUNT(*) FROM communication.negativacao WHERE invoice_id = @InvoiceId AND live = 1", new { message.InvoiceId }) > 0)
            return;
        var id = Guid.CreateVersion7();
        await tx.ExecuteAsync(
            """
            INSERT INTO communication.negativacao (id, invoice_id, debtor_id, partner_id, status, notice_message_id, notified_at, eligible_on, due_date, removed_late, live)
            VALUES (@Id, @InvoiceId, @DebtorId, @PartnerId, 'notified', @MessageId, @Now, @EligibleOn, @DueDate, 0, 1)
            """, new { Id = id, message.InvoiceId, message.DebtorId, message.PartnerId, MessageId = message.Id, Now = now, EligibleOn = eligibleOn, DueDate = dueDate });
        await NegativacaoJob.StepAsync(tx, id, "notified",
            $"aviso prévio por carta (CDC art. 43 §2), mensagem {message.Id}; inclusão não antes de {eligibleOn:dd/MM/yyyy}", now);
        await tx.PublishAsync(new NegativacaoNotified(id, message.InvoiceId!.Value, message.DebtorId, message.PartnerId, eligibleOn), now);
    }

    internal static void Map(RouteGroupBuilder communication) =>
        communication.MapGet("/negativacoes", async (Guid? debtorId, string? status, bool? late, IMediator mediator, CancellationToken ct) =>
                TypedResults.Ok(await mediator.Send(new List(debtorId, status, late), ct)))
            .WithName("ListNegativacoes")
            .RequireAuthorization(Policies.Agent)
            .ProducesValidationProblem();

    private sealed class StepRow
    {
        public Guid NegativacaoId { get; init; }
        public DateTimeOffset At { get; init; }
        public string Step { get; init; } = "";
        public string Detail { get; init; } = "";
    }
}
