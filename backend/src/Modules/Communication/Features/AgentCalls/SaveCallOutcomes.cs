using System.Text.RegularExpressions;
using Recovery.BuildingBlocks.Messaging;
using Recovery.Communication.Contracts;
using Recovery.Communication.Data;
using Recovery.Debtors.Contracts;

namespace Recovery.Communication.Features.AgentCalls;

/// <summary>
/// Replaces a portfolio's outcome catalogue. Codes are stable (reports and partners read them): lower-case letters, digits
/// and underscores; labels are what agents read.
/// </summary>
internal static partial class SaveCallOutcomes
{
    internal sealed record Command(Guid PortfolioId, IReadOnlyList<CallOutcome>? Items) : ICommand<GetCallOutcomes.Response>;

    [SchemaName("CallOutcomesBody")]
    internal sealed record Body(IReadOnlyList<CallOutcome>? Items);

    [GeneratedRegex("^[a-z][a-z0-9_]{1,39}$")]
    private static partial Regex CodePattern();

    internal sealed class Validator : AbstractValidator<Command>
    {
        public Validator()
        {
            RuleFor(c => c.Items).NotEmpty().WithMessage("items lists at least one outcome", "informe ao menos um resultado")
                .Must(i => i is null || i.Count <= 20).WithMessage("at most 20 outcomes", "no máximo 20 resultados")
                .Must(i => i is null || i.Where(o => o is not null).Select(o => o.Code).Distinct().Count() == i.Count(o => o is not null))
                .WithMessage("each code appears once", "cada código aparece uma vez só")
                .OverridePropertyName("items");
            RuleForEach(c => c.Items).NotNull().ChildRules(o =>
            {
                o.RuleFor(x => x.Code).Must(c => c is not null && CodePattern().IsMatch(c))
                    .WithMessage("code is 2 to 40 lower-case letters, digits or _", "o código tem de 2 a 40 letras minúsculas, dígitos ou _");
                o.RuleFor(x => x.Label).NotEmpty().WithMessage("label is required", "informe o nome").MaximumLength(60);
                o.RuleFor(x => x.Effect).IsInEnum();
            }).OverridePropertyName("items");
        }
    }

    internal sealed class Handler(CommunicationDb db, IMediator mediator, ICurrentActor actor, AuditContext audit, TimeProvider clock)
        : IRequestHandler<Command, GetCallOutcomes.Response>
    {
        public async Task<GetCallOutcomes.Response> Handle(Command command, CancellationToken ct)
        {
            _ = await mediator.Send(new GetPortfolio(command.PortfolioId), ct) ?? throw new NotFoundException($"Portfolio {command.PortfolioId} does not exist.");
            await using var tx = await db.BeginAsync(ct);
            var (before, _) = await CallOutcome.CatalogueAsync(tx, command.PortfolioId);
            var now = clock.GetUtcNow();
            await tx.ExecuteAsync("DELETE FROM communication.call_outcome WHERE portfolio_id = @PortfolioId", command);
            await tx.ExecuteAsync(
                """
                INSERT INTO communication.call_outcome (portfolio_id, code, label, effect, position, updated_by, updated_at)
                VALUES (@PortfolioId, @Code, @Label, @Effect, @Position, @By, @Now)
                """,
                command.Items!.Select((o, i) => new
                {
                    command.PortfolioId, o.Code, Label = o.Label.Trim(), Effect = o.Effect.Code(), Position = i, By = actor.Name, Now = now,
                }));
            await tx.CommitAsync(ct);
            var saved = command.Items!.Select(o => o with { Label = o.Label.Trim() }).ToList();
            audit.Describe("call-outcomes", command.PortfolioId, before, saved);
            return new GetCallOutcomes.Response(command.PortfolioId, true, saved);
        }
    }

    internal static void Map(RouteGroupBuilder portfolios) =>
        portfolios.MapPut("/{portfolioId:guid}/call-outcomes", async (Guid portfolioId, Body body, IMediator mediator, CancellationToken ct) =>
                TypedResults.Ok(await mediator.Send(new Command(portfolioId, body.Items), ct)))
            .WithName(nameof(SaveCallOutcomes))
            .RequireAuthorization(Policies.Supervisor)
            .ProducesValidationProblem()
            .ProducesProblem(404);
}
