using Recovery.Communication.Data;
using Recovery.Communication.Features.Schedules;
using Recovery.Debtors.Contracts;

namespace Recovery.Communication.Features.Reminders;

/// <summary>Saves a new version of a portfolio's agreement reminder schedule; an empty list of steps stops its reminders.</summary>
internal static class SaveAgreementReminders
{
    internal sealed record Command(Guid PortfolioId, IReadOnlyList<ReminderStep>? Steps) : ICommand<ReminderSchedule>;

    [SchemaName("AgreementRemindersBody")]
    internal sealed record Body(IReadOnlyList<ReminderStep>? Steps);

    internal sealed class Validator : AbstractValidator<Command>
    {
        public Validator() => StepRules<ReminderStep>.ForList(this, c => c.Steps, new ReminderStep.Validator());
    }

    internal sealed class Handler(CommunicationDb db, IMediator mediator, ICurrentActor actor, AuditContext audit, TimeProvider clock)
        : IRequestHandler<Command, ReminderSchedule>
    {
        public async Task<ReminderSchedule> Handle(Command command, CancellationToken ct)
        {
            var portfolio = await mediator.Send(new GetPortfolio(command.PortfolioId), ct)
                            ?? throw new NotFoundException($"Portfolio {command.PortfolioId} does not exist.");
            await using var tx = await db.BeginAsync(ct);
            await StepRules<ReminderStep>.CheckTemplatesAsync(tx, command.Steps!);
            var before = await ReminderSchedule.CurrentAsync(tx, command.PortfolioId);
            var now = clock.GetUtcNow();
            var id = Guid.CreateVersion7();
            await tx.ExecuteAsync(
                """
                INSERT INTO communication.reminder_schedule (id, portfolio_id, partner_id, version, created_by, created_at)
                VALUES (@Id, @PortfolioId, @PartnerId, @Version, @By, @Now)
                """,
                new { Id = id, command.PortfolioId, portfolio.PartnerId, Version = before.Version + 1, By = actor.Name, Now = now });
            await tx.ExecuteAsync(
                """
                INSERT INTO communication.reminder_step (schedule_id, step_key, offset_days, channel, template_code)
                VALUES (@ScheduleId, @Key, @OffsetDays, @Channel, @Template)
                """, command.Steps!.Select(s => new { ScheduleId = id, s.Key, s.OffsetDays, s.Channel, s.Template }));
            await tx.CommitAsync(ct);
            var saved = new ReminderSchedule(command.PortfolioId, before.Version + 1, false, command.Steps!, actor.Name, now);
            audit.Describe("agreement-reminders", command.PortfolioId, before, saved);
            return saved;
        }
    }

    internal static void Map(RouteGroupBuilder portfolios) =>
        portfolios.MapPut("/{portfolioId:guid}/agreement-reminders", async (Guid portfolioId, Body body, IMediator mediator, CancellationToken ct) =>
                TypedResults.Ok(await mediator.Send(new Command(portfolioId, body.Steps), ct)))
            .WithName(nameof(SaveAgreementReminders))
            .RequireAuthorization(Policies.Supervisor)
            .ProducesValidationProblem()
            .ProducesProblem(404);
}
