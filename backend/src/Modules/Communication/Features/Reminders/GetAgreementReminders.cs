using Recovery.Communication.Data;
using Recovery.Debtors.Contracts;

namespace Recovery.Communication.Features.Reminders;

/// <summary>The portfolio's agreement reminder schedule in force (the defaults until one is saved).</summary>
internal static class GetAgreementReminders
{
    internal sealed record Query(Guid PortfolioId) : IRequest<ReminderSchedule>;

    internal sealed class Handler(CommunicationDb db, IMediator mediator) : IRequestHandler<Query, ReminderSchedule>
    {
        public async Task<ReminderSchedule> Handle(Query query, CancellationToken ct)
        {
            _ = await mediator.Send(new GetPortfolio(query.PortfolioId), ct) ?? throw new NotFoundException($"Portfolio {query.PortfolioId} does not exist.");
            await using var session = await db.OpenAsync(ct);
            return await ReminderSchedule.CurrentAsync(session, query.PortfolioId);
        }
    }

    internal static void Map(RouteGroupBuilder portfolios) =>
        portfolios.MapGet("/{portfolioId:guid}/agreement-reminders", async (Guid portfolioId, IMediator mediator, CancellationToken ct) =>
                TypedResults.Ok(await mediator.Send(new Query(portfolioId), ct)))
            .WithName(nameof(GetAgreementReminders))
            .RequireAuthorization(Policies.Agent)
            .ProducesProblem(404);
}
