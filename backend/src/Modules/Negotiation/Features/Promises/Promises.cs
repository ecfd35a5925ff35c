using Recovery.BuildingBlocks.Errors;
using Recovery.Negotiation.Contracts;
using Recovery.BuildingBlocks;
using Recovery.Negotiation.Data;

namespace Recovery.Negotiation.Features.Promises;

/// <summary>Promises to pay (date and amount), checked against the debtor's payments when they come due.</summary>
internal static class Promises
{
    internal sealed record Create(Guid DebtorId, decimal? Amount, DateOnly? DueDate, string? Note) : ICommand<Promise>;

    internal sealed record Body(decimal? Amount, DateOnly? DueDate, string? Note);

    internal sealed class Promise
    {
        public Guid Id { get; init; }
        public Guid DebtorId { get; init; }
        public long AmountCents { get; init; }
        public decimal Amount => Money.ToReais(AmountCents);
        public DateOnly DueDate { get; init; }
        public string Status { get; init; } = "";
        public long PaidCents { get; init; }
        public decimal Paid => Money.ToReais(PaidCents);
        public string? Note { get; init; }
        public string CreatedBy { get; init; } = "";
        public DateTimeOffset CreatedAt { get; init; }

        public const string Columns = "id, debtor_id, amount_cents, due_date, status, paid_cents, note, created_by, created_at";
    }

    internal sealed class CreateValidator : AbstractValidator<Create>
    {
        public CreateValidator(TimeProvider clock)
        {
            RuleFor(c => c.Amount).MustBeAmount();
            RuleFor(c => c.DueDate).NotNull().WithMessage("dueDate is required (YYYY-MM-DD)", "informe a data prometida")
                .Must(d => d is null || (d >= clock.Today() && d <= clock.Today().AddDays(90))).WithMessage("dueDate is from today to 90 days ahead", "a data prometida vai de hoje a 90 dias");
            RuleFor(c => c.Note).MaximumLength(500);
        }
    }

    internal sealed class CreateHandler(NegotiationDb db, IMediator mediator, ICurrentActor actor, AuditContext audit, TimeProvider clock)
        : IRequestHandler<Create, Promise>
    {
        public async Task<Promise> Handle(Create command, CancellationToken ct)
        {
            _ = await mediator.Send(new Debtors.Contracts.GetDebtorDebts(command.DebtorId, []), ct)
                ?? throw new NotFoundException($"Debtor {command.DebtorId} does not exist.");
            await using var tx = await db.BeginAsync(ct);
            var promise = new Promise
            {
                Id = Guid.CreateVersion7(), DebtorId = command.DebtorId, AmountCents = Money.ToCents(command.Amount!.Value), DueDate = command.DueDate!.Value,
                Status = "pending", Note = command.Note?.Trim(), CreatedBy = actor.Name, CreatedAt = clock.GetUtcNow(),
            };
            await tx.ExecuteAsync(
                "INSERT INTO negotiation.promise (id, debtor_id, amount_cents, due_date, status, note, created_by, created_at) VALUES (@Id, @DebtorId, @AmountCents, @DueDate, @Status, @Note, @CreatedBy, @CreatedAt)",
                promise);
            await tx.PublishAsync(new PromiseMade(promise.Id, promise.DebtorId, promise.AmountCents, promise.DueDate, promise.CreatedBy), promise.CreatedAt);
            await tx.CommitAsync(ct);
            audit.Describe("debtor", command.DebtorId, after: new { promiseId = promise.Id, promise.Amount, promise.DueDate });
            return promise;
        }
    }

    internal sealed record List(Guid DebtorId) : IRequest<ListResponse>;

    internal sealed record ListResponse(IReadOnlyList<Promise> Items);

    internal sealed class ListHandler(NegotiationDb db) : IRequestHandler<List, ListResponse>
    {
        public async Task<ListResponse> Handle(List query, CancellationToken ct)
        {
            await using var session = await db.OpenAsync(ct);
            return new ListResponse((await session.QueryAsync<Promise>(
                $"SELECT {Promise.Columns} FROM negotiation.promise WHERE debtor_id = @DebtorId ORDER BY due_date DESC", query)).ToList());
        }
    }

    internal static void Map(RouteGroupBuilder debtors)
    {
        debtors.MapPost("/{debtorId:guid}/promises", async (Guid debtorId, Body body, IMediator mediator, CancellationToken ct) =>
            {
                var promise = await mediator.Send(new Create(debtorId, body.Amount, body.DueDate, body.Note), ct);
                return Results.Created($"/api/v1/debtors/{debtorId}/promises/{promise.Id}", promise);
            })
            .ScopedTo(ScopedKinds.Debtor, "debtorId")
            .WithName("CreatePromise").RequireAuthorization(Policies.Agent).Produces<Promise>(201).ProducesValidationProblem().ProducesProblem(404);
        debtors.MapGet("/{debtorId:guid}/promises", (Guid debtorId, IMediator mediator, CancellationToken ct) => mediator.Send(new List(debtorId), ct))
            .ScopedTo(ScopedKinds.Debtor, "debtorId")
            .WithName("ListPromises").RequireAuthorization(Policies.Person);
    }
}
