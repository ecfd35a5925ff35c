using System.Text.Json;
using Recovery.BuildingBlocks;
using Recovery.Escalation.Contracts;
using Recovery.Escalation.Data;
using Recovery.Escalation.Features.Agencies;

namespace Recovery.Escalation.Features.Placements;

/// <summary>
/// A supervisor hands an agency, for a number of days, the open debts the rules choose (portfolio, days late, balance)
/// that no agency holds now. Each placed debt keeps its days late and the agency's rate for them, which its commission
/// is paid at. The agency's people see those debts, and only those, until the placement ends (ADR 0026).
/// </summary>
internal static class PlaceDebts
{
    internal sealed record Command(Guid? AgencyId, int? Days, Guid? PortfolioId, int? MinDaysLate, int? MaxDaysLate, decimal? MinBalance,
        decimal? MaxBalance, int? Limit) : ICommand<Placement>;

    internal sealed record Placement(Guid Id, Guid AgencyId, DateOnly PlacedOn, DateTimeOffset StartsAt, DateTimeOffset EndsAt, int Debts,
        decimal Outstanding);

    internal sealed class Validator : AbstractValidator<Command>
    {
        public Validator()
        {
            RuleFor(c => c.AgencyId).NotNull().OverridePropertyName("agencyId");
            RuleFor(c => c.Days).NotNull().InclusiveBetween(1, 730).OverridePropertyName("days");
            RuleFor(c => c.MinDaysLate).GreaterThanOrEqualTo(0).OverridePropertyName("minDaysLate");
            RuleFor(c => c.MaxDaysLate).GreaterThanOrEqualTo(c => c.MinDaysLate ?? 0).OverridePropertyName("maxDaysLate");
            RuleFor(c => c.MinBalance).GreaterThanOrEqualTo(0).OverridePropertyName("minBalance");
            RuleFor(c => c.MaxBalance).GreaterThanOrEqualTo(c => c.MinBalance ?? 0).OverridePropertyName("maxBalance");
            RuleFor(c => c.Limit).InclusiveBetween(1, 10_000).OverridePropertyName("limit");
        }
    }

    internal sealed class Handler(EscalationDb db, ICurrentActor actor, AuditContext audit, TimeProvider clock, IScopeGate scope)
        : IRequestHandler<Command, Placement>
    {
        public async Task<Placement> Handle(Command c, CancellationToken ct)
        {
            if (actor.Scope.AgencyId is not null) throw new ForbiddenException("An agency's people do not place debts.");
            var now = clock.GetUtcNow();
            var today = clock.Today();
            await using var tx = await db.BeginAsync(ct);
            if (await tx.ExecuteScalarAsync<int>("SELECT COUNT(*) FROM escalation.agency WHERE id = @AgencyId", c) == 0)
                throw new FieldException("agencyId", "No such agency.");
            var tiers = await ListAgencies.TiersAsync(tx, c.AgencyId!.Value);
            var candidates = (await tx.QueryAsync<DebtRow>(db.Dialect.Limit(
                """
                SELECT d.invoice_id, d.partner_id, d.outstanding_cents, d.due_date FROM escalation.debt d
                 WHERE d.status = 'open' AND d.outstanding_cents > 0
                   AND (@PortfolioId IS NULL OR d.portfolio_id = @PortfolioId)
                   AND (@DueTo IS NULL OR d.due_date <= @DueTo) AND (@DueFrom IS NULL OR d.due_date >= @DueFrom)
                   AND (@MinCents IS NULL OR d.outstanding_cents >= @MinCents) AND (@MaxCents IS NULL OR d.outstanding_cents <= @MaxCents)
                   AND NOT EXISTS (SELECT 1 FROM escalation.placed_debt pd JOIN escalation.placement p ON p.id = pd.placement_id
                                    WHERE pd.invoice_id = d.invoice_id AND p.ended_at IS NULL AND p.ends_at > @Now)
                 ORDER BY d.due_date, d.invoice_id
                """, "@Take"), new
            {
                c.PortfolioId, DueTo = c.MinDaysLate is { } min ? today.AddDays(-min) : (DateOnly?)null,
                DueFrom = c.MaxDaysLate is { } max ? today.AddDays(-max) : (DateOnly?)null,
                MinCents = c.MinBalance is { } lo ? Money.ToCents(lo) : (long?)null, MaxCents = c.MaxBalance is { } hi ? Money.ToCents(hi) : (long?)null,
                Now = now, Take = c.Limit ?? 10_000,
            })).ToList();
            // A scoped supervisor places only what they see.
            var visible = await scope.VisibleInvoicesAsync(actor.Scope, candidates.Select(d => d.InvoiceId).ToList(), ct);
            candidates = candidates.Where(d => visible.Contains(d.InvoiceId)).ToList();
            if (candidates.Count == 0)
                throw new BusinessRuleException(ProblemTypes.Base + "nothing-to-place", "No debt matches", "No open debt that no agency holds matches these rules.");

            var placement = new Placement(Guid.CreateVersion7(), c.AgencyId.Value, today, now, now.AddDays(c.Days!.Value), candidates.Count,
                Money.ToReais(candidates.Sum(d => d.OutstandingCents)));
            await tx.ExecuteAsync(
                """
                INSERT INTO escalation.placement (id, agency_id, placed_on, starts_at, ends_at, rules, created_by, created_at)
                VALUES (@Id, @AgencyId, @PlacedOn, @StartsAt, @EndsAt, @Rules, @By, @StartsAt)
                """, new { placement.Id, placement.AgencyId, placement.PlacedOn, placement.StartsAt, placement.EndsAt,
                    Rules = JsonSerializer.Serialize(new { c.PortfolioId, c.MinDaysLate, c.MaxDaysLate, c.MinBalance, c.MaxBalance, c.Limit }), By = actor.Name });
            using var insert = tx.Prepare(
                """
                INSERT INTO escalation.placed_debt (placement_id, invoice_id, partner_id, days_late, outstanding_cents, rate_bp)
                VALUES (@PlacementId, @InvoiceId, @PartnerId, @DaysLate, @OutstandingCents, @RateBp)
                """, "PlacementId", "InvoiceId", "PartnerId", "DaysLate", "OutstandingCents", "RateBp");
            foreach (var d in candidates)
            {
                var daysLate = Math.Max(0, today.DayNumber - d.DueDate.DayNumber);
                await insert.ExecuteAsync(placement.Id, d.InvoiceId, d.PartnerId, daysLate, d.OutstandingCents, Commission.RateFor(tiers, daysLate));
            }
            await tx.PublishAsync(new DebtsPlaced(placement.Id, placement.AgencyId, placement.StartsAt, placement.EndsAt,
                candidates.Select(d => d.InvoiceId).ToList()), now);
            await tx.CommitAsync(ct);
            audit.Describe("placement", placement.Id, after: placement);
            return placement;
        }
    }

    private sealed class DebtRow
    {
        public Guid InvoiceId { get; init; }
        public Guid PartnerId { get; init; }
        public long OutstandingCents { get; init; }
        public DateOnly DueDate { get; init; }
    }

    internal static void Map(RouteGroupBuilder group) =>
        group.MapPost("/placements", async (Command command, IMediator mediator, CancellationToken ct) =>
            {
                var placement = await mediator.Send(command, ct);
                return TypedResults.Created($"/api/v1/escalation/placements/{placement.Id}", placement);
            })
            .WithName(nameof(PlaceDebts))
            .WithSummary("Places with an agency, for a number of days, the open debts the rules choose (portfolio, days late, balance)")
            .RequireAuthorization(Policies.Supervisor)
            .ProducesValidationProblem()
            .ProducesProblem(422);
}
