using Recovery.BuildingBlocks;

namespace Recovery.Bureau.Features;

/// <summary>
/// An agent asks the credit bureau about a debtor from the 360, for a purpose: the answer of the day is served again at no
/// cost; otherwise the lookup is paid from the portfolio's monthly budget, and refused with a problem naming the portfolio
/// when the budget is spent.
/// </summary>
internal static class RequestBureauLookup
{
    internal sealed record Command(Guid DebtorId, string? Purpose, Guid? PortfolioId) : ICommand<LookupView>;

    [SchemaName("BureauLookupBody")]
    internal sealed record Body(string? Purpose, Guid? PortfolioId);

    internal sealed class Validator : AbstractValidator<Command>
    {
        public Validator() =>
            RuleFor(c => c.Purpose).NotEmpty().WithMessage("purpose is required", "informe a finalidade da consulta")
                .OneOf(Lookups.Purposes).WithMessage($"purpose is one of {string.Join(", ", Lookups.Purposes)}",
                    "finalidade: cobrança, localização do devedor ou negociação");
    }

    internal sealed class Handler(Lookups lookups, ICurrentActor actor, AuditContext audit) : IRequestHandler<Command, LookupView>
    {
        public async Task<LookupView> Handle(Command command, CancellationToken ct)
        {
            var outcome = await lookups.LookUpAsync(new Lookups.Ask(command.DebtorId, command.PortfolioId, command.Purpose!, actor.Id, actor.Name), refuse: true, ct);
            var lookup = outcome!.Lookup;
            audit.Describe("debtor", command.DebtorId, null, new { lookupId = lookup.Id, lookup.Purpose, lookup.LegalBasis, lookup.Cost, lookup.Cached });
            return lookup;
        }
    }

    internal static void Map(RouteGroupBuilder debtors) =>
        debtors.MapPost("/{debtorId:guid}/bureau-lookups", async (Guid debtorId, Body body, IMediator mediator, CancellationToken ct) =>
            {
                var lookup = await mediator.Send(new Command(debtorId, body.Purpose, body.PortfolioId), ct);
                return TypedResults.Created($"/api/v1/debtors/{debtorId}/bureau-lookups/{lookup.Id}", lookup);
            })
            .ScopedTo(ScopedKinds.Debtor, "debtorId")
            .WithName(nameof(RequestBureauLookup))
            .WithSummary("Looks the debtor up at the credit bureau (cached for the day, paid from the portfolio's monthly budget)")
            .RequireAuthorization(Policies.Agent)
            .ProducesValidationProblem()
            .ProducesProblem(404)
            .ProducesProblem(422)
            .ProducesProblem(502);
}
