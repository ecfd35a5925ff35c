using Recovery.Communication.Data;

namespace Recovery.Communication.Features.Letters;

/// <summary>A letter as the printable page it is.</summary>
internal static class GetLetter
{
    internal sealed record Query(Guid MessageId) : IRequest<string>;

    internal sealed class Handler(CommunicationDb db) : IRequestHandler<Query, string>
    {
        public async Task<string> Handle(Query query, CancellationToken ct)
        {
            await using var session = await db.OpenAsync(ct);
            return await session.QuerySingleOrDefaultAsync<string>("SELECT html FROM communication.letter WHERE message_id = @MessageId", query)
                   ?? throw new NotFoundException($"There is no letter {query.MessageId}.");
        }
    }

    internal static void Map(RouteGroupBuilder communication) =>
        communication.MapGet("/letters/{messageId:guid}", async (Guid messageId, IMediator mediator, CancellationToken ct) =>
                TypedResults.Content(await mediator.Send(new Query(messageId), ct), "text/html; charset=utf-8"))
            .WithName(nameof(GetLetter))
            .RequireAuthorization(Policies.Agent)
            .Produces<string>(200, "text/html")
            .ProducesProblem(404);
}
