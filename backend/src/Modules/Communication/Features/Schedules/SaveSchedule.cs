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

    internal sealed class StepValidator : StepRules<Step>
    {
        public StepValidator() : base(-60, 1825, "offsetDays is from -60 (before the due date) to 1825", "de -60 (antes do vencimento) a 1825 dias", Step.Channels)
        {
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
            StepRules<Step>.ForList(this, c => c.Steps, new StepValidator());
            RuleForEach(c => c.Steps).Must(s => s is null || s.AssignmentNotice != true || s.Channel is "email" or "letter")
                .WithMessage("the assignment notice goes by email or letter", "a notificação da cessão vai por e-mail ou carta");
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
            // Checked here rather than in the validator, whose rules become the request schema (a count there reads as maxItems).
            if (command.Steps!.Count(s => s.AssignmentNotice == true) > 1)
                throw new FieldException("steps", Language.IsPortuguese ? "apenas uma etapa pode ser a notificação da cessão" : "at most one step is the assignment notice");
            await StepRules<Step>.CheckTemplatesAsync(tx, command.Steps!);
            var before = await Schedule.CurrentAsync(tx, command.PortfolioId);
            var now = clock.GetUtcNow();
            var id = Guid.CreateVersion7();
            await tx.ExecuteAsync(
                "INSERT INTO communication.schedule (id, portfolio_id, partner_id, version, created_by, created_at) VALUES (@Id, @PortfolioId, @PartnerId, @Version, @By, @Now)",
                new { Id = id, command.PortfolioId, portfolio.PartnerId, Version = before.Version + 1, By = actor.Name, Now = now });
            await tx.ExecuteAsync(
                """
                INSERT INTO communication.schedule_step (schedule_id, step_key, offset_days, channel, template_code, min_cents, max_cents, segment, assignment_notice)
                VALUES (@ScheduleId, @Key, @OffsetDays, @Channel, @Template, @MinCents, @MaxCents, @Segment, @Notice)
                """, command.Steps!.Select(s => new
                {
                    ScheduleId = id, s.Key, s.OffsetDays, s.Channel, s.Template, s.Segment, Notice = s.AssignmentNotice == true,
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
