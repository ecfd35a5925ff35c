using Recovery.BuildingBlocks;
using Recovery.Escalation.Data;

namespace Recovery.Escalation.Features.Agencies;

/// <summary>
/// A collection agency (assessoria de cobrança): its name, CNPJ and commission tiers by days late at placement. Its
/// people are platform users linked to it (<c>PUT /api/v1/admin/users/{id}/agency</c>).
/// </summary>
internal static class CreateAgency
{
    internal sealed record TierInput(int? MinDaysLate, decimal? RatePercent);

    internal sealed record Command(string? Name, string? Document, IReadOnlyList<TierInput>? Tiers) : ICommand<Agency>;

    internal sealed record TierView(int MinDaysLate, decimal RatePercent);

    internal sealed record Agency(Guid Id, string Name, string Document, IReadOnlyList<TierView> Tiers);

    internal sealed class Validator : AbstractValidator<Command>
    {
        public Validator()
        {
            RuleFor(c => c.Name).NotEmpty().MaximumLength(200).OverridePropertyName("name");
            RuleFor(c => c.Document).Must(d => Documents.Normalize(d) is { Length: 14 })
                .WithMessage("document is the agency's CNPJ", "informe o CNPJ da assessoria").OverridePropertyName("document");
            RuleFor(c => c.Tiers).NotEmpty().WithMessage("tiers lists at least one commission tier", "informe ao menos uma faixa de comissão")
                .Must(t => t is null || t.Where(x => x is not null).Select(x => x.MinDaysLate).Distinct().Count() == t.Count(x => x is not null))
                .WithMessage("each tier starts at a different number of days late", "cada faixa começa num atraso diferente").OverridePropertyName("tiers");
            RuleForEach(c => c.Tiers).NotNull().OverridePropertyName("tiers");
            RuleForEach(c => c.Tiers).ChildRules(t =>
            {
                t.RuleFor(x => x.MinDaysLate).NotNull().GreaterThanOrEqualTo(0).OverridePropertyName("minDaysLate");
                t.RuleFor(x => x.RatePercent).NotNull().InclusiveBetween(0m, 100m)
                    .Must(r => r is null || decimal.Round(r.Value, 2) == r.Value).WithMessage("ratePercent has at most two decimals", "no máximo duas casas decimais")
                    .OverridePropertyName("ratePercent");
            }).OverridePropertyName("tiers");
        }
    }

    internal sealed class Handler(EscalationDb db, AuditContext audit, TimeProvider clock) : IRequestHandler<Command, Agency>
    {
        public async Task<Agency> Handle(Command command, CancellationToken ct)
        {
            var document = Documents.Normalize(command.Document)!;
            var agency = new Agency(Guid.CreateVersion7(), command.Name!.Trim(), document,
                command.Tiers!.OrderBy(t => t.MinDaysLate).Select(t => new TierView(t.MinDaysLate!.Value, t.RatePercent!.Value)).ToList());
            var now = clock.GetUtcNow();
            await using var tx = await db.BeginAsync(ct);
            if (await tx.ExecuteScalarAsync<int>("SELECT COUNT(*) FROM escalation.agency WHERE document = @Document", agency) > 0)
                throw new ConflictException(ProblemTypes.Base + "agency-exists", "Agency already registered", $"An agency with the CNPJ {document} exists.");
            await tx.ExecuteAsync("INSERT INTO escalation.agency (id, name, document, created_at, updated_at) VALUES (@Id, @Name, @Document, @Now, @Now)",
                new { agency.Id, agency.Name, agency.Document, Now = now });
            foreach (var tier in agency.Tiers)
                await tx.ExecuteAsync("INSERT INTO escalation.commission_tier (agency_id, min_days_late, rate_bp) VALUES (@AgencyId, @MinDaysLate, @RateBp)",
                    new { AgencyId = agency.Id, tier.MinDaysLate, RateBp = (int)(tier.RatePercent * 100) });
            await tx.CommitAsync(ct);
            audit.Describe("agency", agency.Id, after: agency);
            return agency;
        }
    }

    internal static void Map(RouteGroupBuilder group) =>
        group.MapPost("/agencies", async (Command command, IMediator mediator, CancellationToken ct) =>
            {
                var agency = await mediator.Send(command, ct);
                return TypedResults.Created($"/api/v1/escalation/agencies/{agency.Id}", agency);
            })
            .WithName(nameof(CreateAgency))
            .RequireAuthorization(Policies.Admin)
            .ProducesValidationProblem()
            .ProducesProblem(409);
}
