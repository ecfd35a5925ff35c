using System.Globalization;
using System.Text.RegularExpressions;
using Recovery.BuildingBlocks;
using Recovery.BuildingBlocks.Data;
using Recovery.Debtors.Data;
using Recovery.Debtors.Features.Scope;
using Recovery.Platform.Contracts;

namespace Recovery.Debtors.Features.Debtors;

/// <summary>
/// Every contact attempt, message, call, promise, agreement, dispute, hold and note of a debtor, newest first, a page at a
/// time (keyset on the instant and id: <c>nextCursor</c> gives the next page, each entry once). Each entry says who acted
/// by name ("sistema" for the platform's own work), what it refers to (<c>subjectKind</c> and <c>subjectId</c>: an
/// agreement, a message, a promise; <c>invoiceId</c> for a debt) and the money it is about.
/// </summary>
internal static partial class GetTimeline
{
    internal sealed record Query(Guid DebtorId, int? Limit, string? Cursor) : IRequest<Response>;

    internal sealed record Response(IReadOnlyList<Entry> Items, string? NextCursor);

    /// <param name="ActorName">As recorded: the e-mail a person signs in with, a partner's name, or "system".</param>
    /// <param name="Actor">Who acted, for people: the person's name, or "sistema".</param>
    internal sealed record Entry(Guid Id, Guid? InvoiceId, string Kind, string? Channel, string? Result, string? Text, string ActorName, string Actor,
        string? SubjectKind, Guid? SubjectId, decimal? Amount, DateTimeOffset OccurredAt);

    internal sealed class Validator : AbstractValidator<Query>
    {
        public Validator()
        {
            RuleFor(q => q.Limit).InclusiveBetween(1, 500);
            RuleFor(q => q.Cursor).Must(c => c is null || KeysetCursor.TryRead(c, out _)).WithMessage("cursor is not one this API returned");
        }
    }

    internal sealed class Handler(DebtorsDb db, IMediator mediator, ICurrentActor actor, TimeProvider clock) : IRequestHandler<Query, Response>
    {
        // A scoped person does not see what concerns a debt outside their scope (ADR 0026).
        private const string Select = """
            SELECT t.id, t.invoice_id, t.kind, t.channel, t.result, t.text, t.actor_id, t.actor_name, t.occurred_at, t.subject_kind, t.subject_id, t.amount_cents
              FROM debtors.interaction t
             WHERE t.debtor_id = @DebtorId
               AND (@BeforeAt IS NULL OR t.occurred_at < @BeforeAt OR (t.occurred_at = @BeforeAt AND t.id < @BeforeId))
            """;

        public async Task<Response> Handle(Query query, CancellationToken ct)
        {
            var limit = query.Limit ?? 100;
            var before = KeysetCursor.Read(query.Cursor);
            List<Row> rows;
            await using (var session = await db.OpenAsync(ct))
            {
                if (await session.ExecuteScalarAsync<int>("SELECT COUNT(*) FROM debtors.debtor WHERE id = @DebtorId", query) == 0)
                    throw new NotFoundException($"Debtor {query.DebtorId} does not exist.");
                rows = (await session.QueryAsync<Row>(db.Dialect.Limit($"""
                    {Select}
                       AND (@ScopeAll = 1 OR t.invoice_id IS NULL OR EXISTS (SELECT 1 FROM debtors.invoice i WHERE i.id = t.invoice_id AND {DebtScope.Where(db.Dialect)}))
                     ORDER BY t.occurred_at DESC, t.id DESC
                    """, "@Take"), DebtScope.Args(actor.Scope, clock.GetUtcNow(),
                    new { query.DebtorId, BeforeAt = before?.At, BeforeId = before?.Id, Take = limit + 1 }))).ToList();
            }
            var next = rows.Count > limit ? KeysetCursor.Write(rows[limit - 1].OccurredAt, rows[limit - 1].Id) : null;
            var people = await mediator.Send(new ListPeople([]), ct);
            var byId = people.ToDictionary(p => p.Id, p => p.Name);
            var byEmail = people.GroupBy(p => p.Email, StringComparer.OrdinalIgnoreCase).ToDictionary(g => g.Key, g => g.First().Name, StringComparer.OrdinalIgnoreCase);
            return new Response(rows.Take(limit).Select(r => Present(r, byId, byEmail)).ToList(), next);
        }
    }

    /// <summary>
    /// The entry as people read it. Entries written before subjects were recorded name their agreement in the text
    /// ("Acordo 0193… em vigor") and payments their amount with a decimal point: both are read into the same form.
    /// </summary>
    private static Entry Present(Row r, Dictionary<Guid, string> byId, Dictionary<string, string> byEmail)
    {
        var (subjectKind, subjectId, text) = (r.SubjectKind, r.SubjectId, r.Text);
        if (subjectId is null && r.Kind == "agreement" && text is not null && LegacyAgreement().Match(text) is { Success: true } m)
        {
            (subjectKind, subjectId) = ("agreement", Guid.Parse(m.Groups[1].Value));
            text = text.Remove(m.Groups[1].Index - 1, m.Groups[1].Length + 1);
        }
        if (r.Kind == "payment" && text is not null)
            text = LegacyAmount().Replace(text, a => Money.Format(Money.ToCents(decimal.Parse(a.Groups[1].Value, NumberStyles.Number, CultureInfo.InvariantCulture))));
        var actor = r.ActorName == "system" ? "sistema"
            : r.ActorId is { } id && byId.TryGetValue(id, out var name) ? name
            : byEmail.TryGetValue(r.ActorName, out var named) ? named
            : r.ActorName;
        return new Entry(r.Id, r.InvoiceId, r.Kind, r.Channel, r.Result, text, r.ActorName, actor, subjectKind, subjectId,
            r.AmountCents is { } cents ? Money.ToReais(cents) : null, r.OccurredAt);
    }

    [GeneratedRegex(@"^Acordo ([0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})")]
    private static partial Regex LegacyAgreement();

    [GeneratedRegex(@"R\$ (\d{1,3}(?:,\d{3})*\.\d{2})\b")]
    private static partial Regex LegacyAmount();

    private sealed class Row
    {
        public Guid Id { get; init; }
        public Guid? InvoiceId { get; init; }
        public string Kind { get; init; } = "";
        public string? Channel { get; init; }
        public string? Result { get; init; }
        public string? Text { get; init; }
        public Guid? ActorId { get; init; }
        public string ActorName { get; init; } = "";
        public DateTimeOffset OccurredAt { get; init; }
        public string? SubjectKind { get; init; }
        public Guid? SubjectId { get; init; }
        public long? AmountCents { get; init; }
    }

    internal static void Map(RouteGroupBuilder group) =>
        group.MapGet("/{debtorId:guid}/timeline", (Guid debtorId, int? limit, string? cursor, IMediator mediator, CancellationToken ct) =>
                mediator.Send(new Query(debtorId, limit, cursor), ct))
            .WithName(nameof(GetTimeline))
            .ScopedTo(ScopedKinds.Debtor, "debtorId")
            .RequireAuthorization(Policies.Person)
            .ProducesValidationProblem()
            .ProducesProblem(404);
}
