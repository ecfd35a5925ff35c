using Recovery.Platform.Data;

namespace Recovery.Platform.Features;

/// <summary>
/// An administrator limits an agent or supervisor to some portfolios (an empty list: no limit). Anything of another
/// portfolio is then a 404 for them, from their next request on (the session reads the scope every time: ADR 0026).
/// </summary>
internal static class SetUserPortfolios
{
    internal sealed record Command(Guid UserId, IReadOnlyList<Guid>? PortfolioIds) : ICommand<Response>;

    internal sealed record Response(Guid UserId, IReadOnlyList<Guid> PortfolioIds);

    internal sealed record Query(Guid UserId) : IRequest<Response>;

    internal sealed class Validator : AbstractValidator<Command>
    {
        public Validator()
        {
            RuleFor(c => c.PortfolioIds).NotNull().WithMessage("portfolioIds is required (an empty list: no limit)", "informe as carteiras (lista vazia: sem limite)")
                .Must(p => p is null || p.Count <= 200).WithMessage("at most 200 portfolios", "no máximo 200 carteiras")
                .OverridePropertyName("portfolioIds");
            RuleForEach(c => c.PortfolioIds).NotEqual(Guid.Empty).OverridePropertyName("portfolioIds");
        }
    }

    internal sealed class Handler(PlatformDb db, AuditContext audit, TimeProvider clock) : IRequestHandler<Command, Response>
    {
        public async Task<Response> Handle(Command command, CancellationToken ct)
        {
            var wanted = command.PortfolioIds!.Distinct().Order().ToList();
            audit.Describe("user", command.UserId);
            await using var tx = await db.BeginAsync(ct);
            var role = await tx.ExecuteScalarAsync<string?>("SELECT role FROM platform.app_user WHERE id = @UserId", command)
                       ?? throw new NotFoundException($"User {command.UserId} does not exist.");
            if (wanted.Count > 0 && role is not (Roles.Agent or Roles.Supervisor))
                throw new FieldException("portfolioIds", "Only agents and supervisors can be limited to portfolios.");
            var before = (await tx.QueryAsync<Guid>("SELECT portfolio_id FROM platform.user_portfolio WHERE user_id = @UserId ORDER BY portfolio_id", command)).ToList();
            await tx.ExecuteAsync("DELETE FROM platform.user_portfolio WHERE user_id = @UserId", command);
            foreach (var portfolio in wanted)
                await tx.ExecuteAsync("INSERT INTO platform.user_portfolio (user_id, portfolio_id) VALUES (@UserId, @PortfolioId)",
                    new { command.UserId, PortfolioId = portfolio });
            await tx.ExecuteAsync("UPDATE platform.app_user SET updated_at = @Now WHERE id = @UserId", new { command.UserId, Now = clock.GetUtcNow() });
            await tx.CommitAsync(ct);
            audit.Describe("user", command.UserId, before: new { portfolioIds = before }, after: new { portfolioIds = wanted });
            return new Response(command.UserId, wanted);
        }
    }

    internal sealed class QueryHandler(PlatformDb db) : IRequestHandler<Query, Response>
    {
        public async Task<Response> Handle(Query query, CancellationToken ct)
        {
            await using var session = await db.OpenAsync(ct);
            if (await session.ExecuteScalarAsync<int>("SELECT COUNT(*) FROM platform.app_user WHERE id = @UserId", query) == 0)
                throw new NotFoundException($"User {query.UserId} does not exist.");
            return new Response(query.UserId, (await session.QueryAsync<Guid>(
                "SELECT portfolio_id FROM platform.user_portfolio WHERE user_id = @UserId ORDER BY portfolio_id", query)).ToList());
        }
    }

    internal sealed record Body(IReadOnlyList<Guid>? PortfolioIds);

    internal static void Map(RouteGroupBuilder group)
    {
        group.MapPut("/users/{id:guid}/portfolios", (Guid id, Body body, IMediator mediator, CancellationToken ct) =>
                mediator.Send(new Command(id, body.PortfolioIds), ct))
            .WithName(nameof(SetUserPortfolios))
            .WithSummary("Limits an agent or supervisor to these portfolios; an empty list removes the limit")
            .RequireAuthorization(Policies.Admin)
            .ProducesValidationProblem()
            .ProducesProblem(404);
        group.MapGet("/users/{id:guid}/portfolios", (Guid id, IMediator mediator, CancellationToken ct) => mediator.Send(new Query(id), ct))
            .WithName("GetUserPortfolios")
            .RequireAuthorization(Policies.Admin)
            .ProducesProblem(404);
    }
}
