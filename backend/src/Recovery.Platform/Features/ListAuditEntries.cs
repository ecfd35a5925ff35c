using Recovery.BuildingBlocks.Errors;
using System.Globalization;
using Dapper;
using Recovery.BuildingBlocks;
using Recovery.Platform.Data;

namespace Recovery.Platform.Features;

/// <summary>
/// The audit trail, newest first, paged; as CSV (<c>Accept: text/csv</c>) every matching entry, streamed. The LGPD access
/// log is the same list narrowed to the views of full personal data.
/// </summary>
internal static class ListAuditEntries
{
    /// <summary>The actions that show a person's full personal data (LGPD access log).</summary>
    public static readonly string[] FullDataViews = ["ViewFullPersonalData", "DataSubjectReport"];

    /// <param name="Resource">A resource type (<c>partner</c>) or a resource id.</param>
    /// <param name="Actions">Only these actions; null for all.</param>
    internal sealed record Query(DateTimeOffset? From, DateTimeOffset? To, string? Actor, string? Resource, int? Limit, string? Cursor,
        IReadOnlyList<string>? Actions = null) : IRequest<Response>;

    /// <summary>Every entry that matches, oldest first, read as the response is written.</summary>
    internal sealed record Export(DateTimeOffset? From, DateTimeOffset? To, string? Actor, string? Resource, IReadOnlyList<string>? Actions = null)
        : IRequest<IAsyncEnumerable<Entry>>;

    internal sealed record Response(IReadOnlyList<Entry> Items, string? NextCursor);

    internal sealed class Entry
    {
        public long Seq { get; init; }
        public Guid Id { get; init; }
        public DateTimeOffset OccurredAt { get; init; }
        public DateTimeOffset RecordedAt { get; init; }
        public string ActorKind { get; init; } = "";
        public Guid? ActorId { get; init; }
        public string ActorName { get; init; } = "";
        public string? ActorRole { get; init; }
        public string? IpAddress { get; init; }
        public string Action { get; init; } = "";
        public string? ResourceType { get; init; }
        public string? ResourceId { get; init; }
        public string Outcome { get; init; } = "";
        public string? BeforeState { get; init; }
        public string? AfterState { get; init; }
        public string Hash { get; init; } = "";
    }

    internal sealed class Validator : AbstractValidator<Query>
    {
        public Validator()
        {
            RuleFor(q => q.Limit).InclusiveBetween(1, 500);
            RuleFor(q => q.Cursor).Must(c => c is null || long.TryParse(c, NumberStyles.None, CultureInfo.InvariantCulture, out _))
                .WithMessage("The cursor is not one this API returned.", "cursor desconhecido");
            RuleFor(q => q.From).Must((q, from) => from is null || q.To is null || from <= q.To).OverridePropertyName("from")
                .WithMessage("'from' must not be after 'to'.", "a data inicial não pode ser depois da final");
        }
    }

    private static string Select(IReadOnlyList<string>? actions, string order) => $"""
        SELECT seq, id, occurred_at, recorded_at, actor_kind, actor_id, actor_name, actor_role, ip_address, action,
               resource_type, resource_id, outcome, before_state, after_state, hash
          FROM platform.audit_entry
         WHERE (@Cursor IS NULL OR seq < @Cursor)
           AND (@From IS NULL OR occurred_at >= @From)
           AND (@To IS NULL OR occurred_at < @To)
           AND (@Actor IS NULL OR LOWER(actor_name) = @Actor)
           AND (@Resource IS NULL OR resource_type = @Resource OR resource_id = @Resource){(actions is null ? "" : " AND action IN @Actions")}
         ORDER BY seq {order}
        """;

    internal sealed class Handler(PlatformDb db) : IRequestHandler<Query, Response>
    {
        public async Task<Response> Handle(Query query, CancellationToken ct)
        {
            var limit = query.Limit ?? 100;
            await using var session = await db.OpenAsync(ct);
            var rows = (await session.QueryAsync<Entry>(db.Dialect.Limit(Select(query.Actions, "DESC"), "@Take"), new
            {
                Cursor = query.Cursor is null ? (long?)null : long.Parse(query.Cursor, CultureInfo.InvariantCulture),
                query.From, query.To, Actor = query.Actor?.Trim().ToLowerInvariant(), query.Resource, query.Actions, Take = limit + 1,
            })).ToList();
            var next = rows.Count > limit ? rows[limit - 1].Seq.ToString(CultureInfo.InvariantCulture) : null;
            return new Response(rows.Take(limit).ToList(), next);
        }
    }

    internal sealed class ExportValidator : AbstractValidator<Export>
    {
        public ExportValidator() =>
            RuleFor(q => q.From).Must((q, from) => from is null || q.To is null || from <= q.To).OverridePropertyName("from")
                .WithMessage("'from' must not be after 'to'.", "a data inicial não pode ser depois da final");
    }

    internal sealed class ExportHandler(PlatformDb db) : IRequestHandler<Export, IAsyncEnumerable<Entry>>
    {
        public Task<IAsyncEnumerable<Entry>> Handle(Export query, CancellationToken ct) => Task.FromResult(Read(query, ct));

        private async IAsyncEnumerable<Entry> Read(Export query, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct)
        {
            await using var session = await db.OpenForScanAsync(ct);
            var args = new { Cursor = (long?)null, query.From, query.To, Actor = query.Actor?.Trim().ToLowerInvariant(), query.Resource, query.Actions };
            await foreach (var entry in session.Connection.QueryUnbufferedAsync<Entry>(Select(query.Actions, "ASC"), args).WithCancellation(ct))
                yield return entry;
        }
    }

    internal static void Map(RouteGroupBuilder audit, RouteGroupBuilder lgpd)
    {
        audit.MapGet("/", (DateTimeOffset? from, DateTimeOffset? to, string? actor, string? resource, int? limit, string? cursor, string? dialect,
                    HttpContext http, IMediator mediator, CancellationToken ct) =>
                Respond(http, mediator, new Query(from, to, actor, resource, limit, cursor), dialect, "audit-trail.csv", ct))
            .WithName(nameof(ListAuditEntries))
            .RequireAuthorization(Policies.Auditor)
            .Produces<Response>(200, "application/json", "text/csv")
            .ProducesValidationProblem();
        lgpd.MapGet("/access-log", (DateTimeOffset? from, DateTimeOffset? to, string? actor, string? debtorId, int? limit, string? cursor, string? dialect,
                    HttpContext http, IMediator mediator, CancellationToken ct) =>
                Respond(http, mediator, new Query(from, to, actor, debtorId, limit, cursor, FullDataViews), dialect, "lgpd-access-log.csv", ct))
            .WithName("LgpdAccessLog")
            .RequireAuthorization(Policies.Auditor)
            .Produces<Response>(200, "application/json", "text/csv")
            .ProducesValidationProblem();
    }

    private static async Task<IResult> Respond(HttpContext http, IMediator mediator, Query query, string? dialect, string fileName, CancellationToken ct)
    {
        if (!Csv.Wanted(http.Request)) return Results.Ok(await mediator.Send(query, ct));
        Csv.Dialect(dialect);   // a wrong one is a 400 before the trail is read
        var entries = await mediator.Send(new Export(query.From, query.To, query.Actor, query.Resource, query.Actions), ct);
        return Csv.Stream(dialect, fileName,
            [("seq", "Sequência"), ("id", "Id"), ("occurred_at", "Ocorrido em (UTC)"), ("recorded_at", "Registrado em (UTC)"), ("actor_kind", "Tipo de autor"),
             ("actor_id", "Id do autor"), ("actor_name", "Autor"), ("actor_role", "Papel"), ("ip_address", "Endereço IP"), ("action", "Ação"),
             ("resource_type", "Tipo de recurso"), ("resource_id", "Id do recurso"), ("outcome", "Resultado"), ("before_state", "Estado anterior"),
             ("after_state", "Estado posterior"), ("hash", "Hash")],
            entries,
            e => [Csv.Number(e.Seq), e.Id.ToString(), Csv.Instant(e.OccurredAt), Csv.Instant(e.RecordedAt),
                  e.ActorKind, e.ActorId?.ToString(), e.ActorName, e.ActorRole, e.IpAddress, e.Action, e.ResourceType, e.ResourceId, e.Outcome,
                  e.BeforeState, e.AfterState, e.Hash], ct);
    }
}
