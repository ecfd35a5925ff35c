using Recovery.BuildingBlocks.Errors;
using Recovery.BuildingBlocks;
using Recovery.Debtors.Contracts;
using Recovery.Debtors.Data;

namespace Recovery.Debtors.Features.Debtors;

/// <summary>
/// Stops collection on a debtor, or on one of its debts, for a reason with its legal basis (a dispute, hardship, death,
/// a lawsuit, a do-not-contact request), until lifted or until an optional end date.
/// </summary>
internal static class PlaceHold
{
    public static readonly string[] Kinds = ["dispute", "hardship", "deceased", "lawsuit", "do_not_contact"];

    internal sealed record Command(Guid DebtorId, string? Kind, string? Reason, string? LegalBasis, Guid? InvoiceId, DateOnly? EndsOn)
        : ICommand<Hold>;

    internal sealed record Body(string? Kind, string? Reason, string? LegalBasis, Guid? InvoiceId, DateOnly? EndsOn);

    internal sealed class Validator : AbstractValidator<Command>
    {
        public Validator(TimeProvider clock)
        {
            RuleFor(c => c.Kind).NotEmpty().OneOf(Kinds).WithMessage($"kind is one of {string.Join(", ", Kinds)}", $"tipo deve ser um destes: {string.Join(", ", Kinds)}");
            RuleFor(c => c.Reason).NotEmpty().WithMessage("reason is required", "informe o motivo").MaximumLength(500);
            RuleFor(c => c.LegalBasis).MaximumLength(500);
            RuleFor(c => c.EndsOn).Must(d => d is null || d > clock.Today())
                .WithMessage("endsOn must be a future date", "o fim deve ser uma data futura");
        }
    }

    internal sealed class Handler(DebtorsDb db, ICurrentActor actor, AuditContext audit, TimeProvider clock, IScopeGate scope) : IRequestHandler<Command, Hold>
    {
        public async Task<Hold> Handle(Command command, CancellationToken ct)
        {
            if (command.InvoiceId is { } named) await scope.EnsureInvoicesAsync(actor.Scope, [named], ct);
            await using var tx = await db.BeginAsync(ct);
            await AddNote.EnsureDebtorAsync(tx, command.DebtorId);
            if (command.InvoiceId is { } invoiceId && await tx.ExecuteScalarAsync<int>(
                    "SELECT COUNT(*) FROM debtors.invoice WHERE id = @InvoiceId AND debtor_id = @DebtorId", command) == 0)
                throw new FieldException("invoiceId", $"Invoice {invoiceId} is not a debt of this debtor.");
            var now = clock.GetUtcNow();
            var hold = new Hold
            {
                Id = Guid.CreateVersion7(), DebtorId = command.DebtorId, InvoiceId = command.InvoiceId, Kind = command.Kind!,
                Reason = command.Reason!.Trim(), LegalBasis = command.LegalBasis?.Trim(), EndsOn = command.EndsOn,
                PlacedBy = actor.Name, PlacedAt = now,
            };
            await InsertAsync(tx, hold, actor.Id);
            await tx.CommitAsync(ct);
            audit.Describe("debtor", hold.DebtorId, after: new { holdId = hold.Id, hold.Kind, hold.Reason, hold.LegalBasis, hold.InvoiceId, hold.EndsOn });
            return hold;
        }
    }

    /// <summary>Writes a hold, its timeline entry and <see cref="HoldPlaced"/> in the caller's transaction.</summary>
    internal static async Task InsertAsync(Recovery.BuildingBlocks.Data.DbSession tx, Hold hold, Guid? actorId)
    {
        await tx.ExecuteAsync(
            """
            INSERT INTO debtors.hold (id, debtor_id, invoice_id, kind, reason, legal_basis, ends_on, placed_by, placed_at)
            VALUES (@Id, @DebtorId, @InvoiceId, @Kind, @Reason, @LegalBasis, @EndsOn, @PlacedBy, @PlacedAt)
            """, hold);
        await Timeline.AppendAsync(tx, hold.DebtorId, hold.InvoiceId, "hold_placed", $"{hold.Kind}: {hold.Reason}", actorId, hold.PlacedBy, hold.PlacedAt);
        await tx.PublishAsync(new HoldPlaced(hold.Id, hold.DebtorId, hold.InvoiceId, hold.Kind, hold.EndsOn), hold.PlacedAt);
    }

    internal static void Map(RouteGroupBuilder group) =>
        group.MapPost("/{debtorId:guid}/holds", async (Guid debtorId, Body body, IMediator mediator, CancellationToken ct) =>
            {
                var hold = await mediator.Send(new Command(debtorId, body.Kind, body.Reason, body.LegalBasis, body.InvoiceId, body.EndsOn), ct);
                return TypedResults.Created($"/api/v1/debtors/{debtorId}/holds/{hold.Id}", hold);
            })
            .WithName(nameof(PlaceHold))
            .ScopedTo(ScopedKinds.Debtor, "debtorId")
            .RequireAuthorization(Policies.Agent)
            .ProducesValidationProblem()
            .ProducesProblem(404);
}

internal sealed class Hold
{
    public Guid Id { get; init; }
    public Guid DebtorId { get; init; }
    public Guid? InvoiceId { get; init; }
    public string Kind { get; init; } = "";
    public string Reason { get; init; } = "";
    public string? LegalBasis { get; init; }
    public DateOnly? EndsOn { get; init; }
    public string PlacedBy { get; init; } = "";
    public DateTimeOffset PlacedAt { get; init; }
    public string? LiftedBy { get; init; }
    public DateTimeOffset? LiftedAt { get; init; }
    public string? LiftReason { get; init; }

    public const string Columns = "id, debtor_id, invoice_id, kind, reason, legal_basis, ends_on, placed_by, placed_at, lifted_by, lifted_at, lift_reason";

    /// <summary>In force: not lifted and not past its end date.</summary>
    public bool IsActive(DateOnly today) => LiftedAt is null && (EndsOn is null || EndsOn > today);
}
