using Recovery.BuildingBlocks.Errors;
using Recovery.BuildingBlocks;
using Recovery.BuildingBlocks.Data;
using Recovery.Communication.Data;
using Recovery.Communication.Features.Templates;
using Recovery.Debtors.Contracts;

namespace Recovery.Communication.Features.Schedules;

/// <summary>
/// The dunning schedule (régua de cobrança) of a portfolio: steps a number of days from the due date (negative:
/// preventive, before it), each with a channel, a template and conditions. Versioned: a save adds a version.
/// </summary>
internal static class Schedules
{
    public static readonly string[] Segments = ["consumer", "business"];

    /// <summary>The channels of templates, and <c>negativacao</c>: the notice letter that starts a negativação.</summary>
    public static readonly string[] Channels = [.. Templates.Templates.Channels, "negativacao"];

    internal sealed record Step(string Key, int OffsetDays, string Channel, string Template, decimal? MinBalance, decimal? MaxBalance, string? Segment);

    internal sealed record Schedule(Guid PortfolioId, int Version, IReadOnlyList<Step> Steps, string? CreatedBy, DateTimeOffset? CreatedAt);

    internal sealed record Get(Guid PortfolioId) : IRequest<Schedule>;

    [AuditAction("SaveSchedule")]
    internal sealed record Save(Guid PortfolioId, IReadOnlyList<Step>? Steps) : ICommand<Schedule>;

    internal sealed record Body(IReadOnlyList<Step>? Steps);

    internal sealed class StepValidator : AbstractValidator<Step>
    {
        public StepValidator()
        {
            RuleFor(s => s.Key).Matches("^[A-Za-z0-9+._-]{1,32}$").WithMessage("key is 1-32 letters, digits, '+', '.', '_' or '-'", "etapa: de 1 a 32 letras, dígitos, '+', '.', '_' ou '-'");
            RuleFor(s => s.OffsetDays).InclusiveBetween(-60, 1825).WithMessage("offsetDays is from -60 (before the due date) to 1825", "de -60 (antes do vencimento) a 1825 dias");
            RuleFor(s => s.Channel).Must(c => Channels.Contains(c)).WithMessage($"channel is one of {string.Join(", ", Channels)}", $"canal deve ser um destes: {string.Join(", ", Channels)}");
            RuleFor(s => s.Template).NotEmpty().WithMessage("template is required", "escolha o modelo");
            RuleFor(s => s.MinBalance).MustBeAmount().When(s => s.MinBalance is not null);
            RuleFor(s => s.MaxBalance).MustBeAmount().When(s => s.MaxBalance is not null);
            RuleFor(s => s.MaxBalance).GreaterThanOrEqualTo(s => s.MinBalance).When(s => s.MinBalance is not null && s.MaxBalance is not null)
                .WithMessage("maxBalance is at least minBalance", "o saldo máximo deve ser ao menos o mínimo");
            RuleFor(s => s.Segment).Must(s => s is null || Segments.Contains(s)).WithMessage("segment is consumer, business or null", "público: consumidor, empresa ou todos");
        }
    }

    internal sealed class SaveValidator : AbstractValidator<Save>
    {
        public SaveValidator()
        {
            RuleFor(c => c.Steps).NotNull().WithMessage("steps is required (an empty list stops the schedule)", "informe as etapas (uma lista vazia desliga a régua)");
            RuleFor(c => c.Steps!.Count).LessThanOrEqualTo(50).When(c => c.Steps is not null).OverridePropertyName("steps")
                .WithMessage("at most 50 steps", "no máximo 50 etapas");
            RuleForEach(c => c.Steps).SetValidator(new StepValidator()).OverridePropertyName("steps");
            RuleFor(c => c.Steps!).Must(s => s.Select(x => x.Key).Distinct().Count() == s.Count).When(c => c.Steps is not null)
                .OverridePropertyName("steps").WithMessage("step keys are unique", "cada etapa tem um nome diferente");
        }
    }

    internal sealed class GetHandler(CommunicationDb db, IMediator mediator) : IRequestHandler<Get, Schedule>
    {
        public async Task<Schedule> Handle(Get query, CancellationToken ct)
        {
            _ = await mediator.Send(new GetPortfolio(query.PortfolioId), ct) ?? throw new NotFoundException($"Portfolio {query.PortfolioId} does not exist.");
            await using var session = await db.OpenAsync(ct);
            return await CurrentAsync(session, query.PortfolioId);
        }
    }

    internal sealed class SaveHandler(CommunicationDb db, IMediator mediator, ICurrentActor actor, AuditContext audit, TimeProvider clock)
        : IRequestHandler<Save, Schedule>
    {
        public async Task<Schedule> Handle(Save command, CancellationToken ct)
        {
            var portfolio = await mediator.Send(new GetPortfolio(command.PortfolioId), ct)
                            ?? throw new NotFoundException($"Portfolio {command.PortfolioId} does not exist.");
            await using var tx = await db.BeginAsync(ct);
            for (var i = 0; i < command.Steps!.Count; i++)
            {
                var step = command.Steps[i];
                var template = await Templates.Templates.FindAsync(tx, step.Template)
                               ?? throw new FieldException($"steps[{i}].template", $"There is no template '{step.Template}'.");
                var needs = step.Channel == "negativacao" ? "letter" : step.Channel;   // the notice is a letter (CDC art. 43 §2)
                if (template.Channel != needs)
                    throw new FieldException($"steps[{i}].template", $"Template '{step.Template}' is for {template.Channel}; a {step.Channel} step needs a {needs} template.");
            }
            var before = await CurrentAsync(tx, command.PortfolioId);
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

    /// <summary>The schedule in force: the latest version, or version 0 without steps.</summary>
    public static async Task<Schedule> CurrentAsync(DbSession session, Guid portfolioId)
    {
        var head = await session.QuerySingleOrDefaultAsync<HeadRow>(
            session.Dialect.Limit("SELECT id, version, created_by, created_at FROM communication.schedule WHERE portfolio_id = @PortfolioId ORDER BY version DESC", "1"),
            new { PortfolioId = portfolioId });
        if (head is null) return new Schedule(portfolioId, 0, [], null, null);
        var steps = await session.QueryAsync<StepRow>(
            "SELECT step_key, offset_days, channel, template_code, min_cents, max_cents, segment FROM communication.schedule_step WHERE schedule_id = @Id ORDER BY offset_days, step_key",
            new { head.Id });
        return new Schedule(portfolioId, head.Version, steps.Select(s => new Step(s.StepKey, s.OffsetDays, s.Channel, s.TemplateCode,
            s.MinCents is { } min ? Money.ToReais(min) : null, s.MaxCents is { } max ? Money.ToReais(max) : null, s.Segment)).ToList(), head.CreatedBy, head.CreatedAt);
    }

    internal static void Map(RouteGroupBuilder portfolios)
    {
        portfolios.MapGet("/{portfolioId:guid}/schedule", async (Guid portfolioId, IMediator mediator, CancellationToken ct) =>
                TypedResults.Ok(await mediator.Send(new Get(portfolioId), ct)))
            .WithName("GetSchedule")
            .RequireAuthorization(Policies.Agent)
            .ProducesProblem(404);
        portfolios.MapPut("/{portfolioId:guid}/schedule", async (Guid portfolioId, Body body, IMediator mediator, CancellationToken ct) =>
                TypedResults.Ok(await mediator.Send(new Save(portfolioId, body.Steps), ct)))
            .WithName("SaveSchedule")
            .RequireAuthorization(Policies.Supervisor)
            .ProducesValidationProblem()
            .ProducesProblem(404);
    }

    private sealed class HeadRow
    {
        public Guid Id { get; init; }
        public int Version { get; init; }
        public string CreatedBy { get; init; } = "";
        public DateTimeOffset CreatedAt { get; init; }
    }

    private sealed class StepRow
    {
        public string StepKey { get; init; } = "";
        public int OffsetDays { get; init; }
        public string Channel { get; init; } = "";
        public string TemplateCode { get; init; } = "";
        public long? MinCents { get; init; }
        public long? MaxCents { get; init; }
        public string? Segment { get; init; }
    }
}
