using Recovery.Communication.Data;

namespace Recovery.Communication.Features.Templates;

internal static class ListTemplates
{
    internal sealed record Query : IRequest<Response>;

    [SchemaName("TemplatesListResponse")]
    internal sealed record Response(IReadOnlyList<Template> Items);

    internal sealed class Handler(CommunicationDb db) : IRequestHandler<Query, Response>
    {
        public async Task<Response> Handle(Query query, CancellationToken ct)
        {
            await using var session = await db.OpenAsync(ct);
            return new Response((await session.QueryAsync<Template>($"SELECT {Template.Columns} FROM communication.template ORDER BY code")).ToList());
        }
    }

    internal static void Map(RouteGroupBuilder group) =>
        group.MapGet("/templates", async (IMediator mediator, CancellationToken ct) => TypedResults.Ok(await mediator.Send(new Query(), ct)))
            .WithName(nameof(ListTemplates))
            .RequireAuthorization(Policies.Agent);
}
