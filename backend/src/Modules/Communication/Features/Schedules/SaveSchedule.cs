using Recovery.BuildingBlocks;
using Recovery.Communication.Data;
using Recovery.Debtors.Contracts;

namespace Recovery.Communication.Features.Schedules;

/// <summary>Saves a new version of a portfolio's dunning schedule; an empty list of steps stops it.</summary>
internal static class SaveSchedule
{
    internal sealed record Command(Guid PortfolioId, IReadOnlyList<Step>? Steps) : ICommand<Schedule>;

    [SchemaName("SchedulesBody")]
    internal sealed record Body(IReadOnlyList<Step>? Steps);

    internal sealed class StepValidator : AbstractValidator<Step>
    {
        public StepValidator()
        {
            RuleFor(s => s.Key).Matches("^[A-Za-z0-9+._-]{1,32}$").WithMessage("key is 1-32 letters, digits, '+', '.', '_' or '-'", "etapa: de 1 a 32 letras, dígitos, '+', '.', '_' ou '-'");
            RuleFor(s => s.OffsetDays).InclusiveBetween(-60, 1825).WithMessage("offsetDays is from -60 (before the due date) to 1825", "de -60 (antes do vencimento) a 1825 dias");
            RuleFor(s => s.Channel).NotNull().WithMessage($"channel is one of {string.Join(", ", Step.Channels)}", $"canal deve ser um destes: {string.Join(", ", Step.Channels)}")
                .OneOf(Step.Channels).WithMessage($"channel is one of {string.Join(", ", Step.Channels)}", $"canal deve ser um destes: {string.Join(", ", Step.Channels)}");
            RuleFor(s => s.Template).NotEmpty().WithMessage("template is required", "escolha o modelo");
            RuleFor(s => s.MinBalance).MustBeAmount().When(s => s.MinBalance is not null);
            RuleFor(s => s.MaxBalance).MustBeAmount().When(s => s.MaxBalance is not null);
            RuleFor(s => s.MaxBalance).GreaterThanOrEqualTo(s => s.MinBalance).When(s => s.MinBalance is not null && s.MaxBalance is not null)
                .WithMessage("maxBalance is at least minBalance", "o saldo máximo deve ser ao menos o mínimo");
            RuleFor(s => s.Segment).OneOf(Step.Segments).WithMessage("segment is consumer, business or null", "público: consumidor, empresa ou todos");
        }
    }

    internal sealed class Validator : AbstractValidator<Command>
    {
        public Validator()
        {
            RuleFor(c => c.Steps).NotNull().WithMessage("steps is required (an empty list stops the schedule)", "informe as etapas (uma lista vazia desliga a régua)");
            RuleFor(c => c.Steps!.Count).LessThanOrEqualTo(50).When(c => c.Steps is not null).OverridePropertyName("steps")
                .WithMessage("at most 50 steps", "no máximo 50 etapas");
            RuleForEach(c => c.Steps).NotNull().WithMessage("a step cannot be null", "a etapa não pode ficar vazia")
                .SetValidator(new StepValidator()).OverridePropertyName("steps");
            RuleFor(c => c.Steps!).Must(s => s.Select(x => x.Key).Distinct().Count() == s.Count).When(c => c.Steps is not null && !c.Steps.Contains(null!))
                .OverridePropertyName("steps").WithMessage("step keys are unique", "cada etapa tem um nome diferente");
        }
    }

    internal sealed class Handler(CommunicationDb db, IMediator mediator, ICurrentActor actor, AuditContext audit, TimeProvider clock)
        : IRequestHandler<Command, Schedule>
    {
        public async Task<Schedule> Handle(Command command, CancellationToken ct)
        {
            var portfolio = await mediator.Send(new GetPortfolio(command.PortfolioId), ct)
                            ?? throw new NotFoundException($"Portfolio {command.PortfolioId} does not exist.");
            await using var tx = await db.BeginAsync(ct);
            for (var i = 0; i < command.Steps!.Count; i++)
            {
                var step = command.Steps[i];
                var template = await Templates.Template.FindAsync(tx, step.Template)
                               ?? throw new FieldException($"steps[{i}].template", $"There is no template '{step.Template}'.");
                var needs = step.Channel == "negativacao" ? "letter" : step.Channel;   // the notice is a letter (CDC art. 43 §2)
                if (template.Channel != needs)
                    throw new FieldException($"steps[{i}].template", $"Template '{step.Template}' is for {template.Channel}; a {step.Channel} step needs a {needs} template.");
            }
            var before = await Schedule.CurrentAsync(tx, command.PortfolioId);
            var now = clock.GetUtcNow();
            var id = Guid.CreateVersion7();
            await tx.ExecuteAsync(
                "INSERT INTO communication.schedule (id, portfolio_id, partner_id, version, created_by, created_at) VALUES (@Id, @PortfolioId, @PartnerId, @Version, @By, @Now)",
                new { Id = id, command.PortfolioId, portfolio.PartnerId, Version = before.Version + 1, By = actor.Name, Now = now });
            await tx.ExecuteAsync(
                """
                INSERT INTO communication.schedule_step (schedule_id, step_key, offset_days, channel, template_code, min_cents, max_cents, segment)
                VALUES (@ScheduleId, @Key, @OffsetDays, @Channel, @Template, @MinCents, @MaxCents, @Segment)
                """, command.Steps.Select(s => new
                {
                    ScheduleId = id, s.Key, s.OffsetDays, s.Channel, s.Template, s.Segment,
                    MinCents = s.MinBalance is { } min ? Money.ToCents(min) : (long?)null,
                    MaxCents = s.MaxBalance is { } max ? Money.ToCents(max) : (long?)null,
                }));
            await tx.CommitAsync(ct);
            var saved = new Schedule(command.PortfolioId, before.Version + 1, command.Steps, actor.Name, now);
            audit.Describe("schedule", command.PortfolioId, before, saved);
            return saved;
        }
    }

    internal static void Map(RouteGroupBuilder portfolios) =>
        portfolios.MapPut("/{portfolioId:guid}/schedule", async (Guid portfolioId, Body body, IMediator mediator, CancellationToken ct) =>
                TypedResults.Ok(await mediator.Send(new Command(portfolioId, body.Steps), ct)))
            .WithName(nameof(SaveSchedule))
            .RequireAuthorization(Policies.Supervisor)
            .ProducesValidationProblem()
            .ProducesProblem(404);
}
