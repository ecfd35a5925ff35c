using Recovery.BuildingBlocks.Printing;
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
        communication.MapGet("/letters/{messageId:guid}", async (Guid messageId, string? format, HttpRequest request, IMediator mediator, CancellationToken ct) =>
                PdfResult.Wanted(request, format) ? PdfResult.File(await mediator.Send(new PrintLetter.Query(messageId), ct))
                    : Results.Content(await mediator.Send(new Query(messageId), ct), "text/html; charset=utf-8"))
            .WithName(nameof(GetLetter))
            .WithSummary("A letter (or negativação notice): printable HTML, or PDF with Accept: application/pdf or ?format=pdf")
            .ScopedTo(ScopedKinds.Message, "messageId")
            .RequireAuthorization(Policies.Agent)
            .Produces<string>(200, "text/html", PdfResult.MediaType)
            .ProducesProblem(404);
}
